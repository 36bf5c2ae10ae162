// bpftrace discovery: the on-disk cache answers like bpftrace itself, and is ignored when stale or broken.
#include "kernel/bpftrace_discovery.h"

#include <gtest/gtest.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "sys/process.h"

namespace gpttrace {
namespace {

namespace fs = std::filesystem;

class BpftraceDiscoveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(find_executable("bpftrace")) << "bpftrace must be installed (scripts/setup.sh)";
    dir_ = fs::temp_directory_path() / ("gpttrace-cache-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    struct utsname uts {};
    ::uname(&uts);
    release_ = uts.release;
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string release_;
};

TEST_F(BpftraceDiscoveryTest, SecondRunComesFromTheCacheWithTheSameAnswers) {
  InstalledBpftrace fresh = discover_bpftrace(release_, dir_.string());
  ASSERT_TRUE(fresh.info.found);
  EXPECT_FALSE(fresh.from_cache);
  ASSERT_TRUE(fs::exists(dir_ / "bpftrace-info.json"));
  InstalledBpftrace cached = discover_bpftrace(release_, dir_.string());
  EXPECT_TRUE(cached.from_cache);
  EXPECT_EQ(cached.info.version, fresh.info.version);
  EXPECT_EQ(cached.info.path, fresh.info.path);
  EXPECT_EQ(cached.features, fresh.features);
  EXPECT_FALSE(cached.features.empty());
}

TEST_F(BpftraceDiscoveryTest, OtherKernelOrBrokenFileIsNotUsed) {
  discover_bpftrace(release_, dir_.string());
  EXPECT_FALSE(discover_bpftrace(release_ + "-other", dir_.string()).from_cache);  // rewrites the key
  EXPECT_TRUE(discover_bpftrace(release_ + "-other", dir_.string()).from_cache);
  std::ofstream(dir_ / "bpftrace-info.json", std::ios::trunc) << "{not json";
  InstalledBpftrace again = discover_bpftrace(release_, dir_.string());
  EXPECT_FALSE(again.from_cache);
  EXPECT_TRUE(again.info.found);
}

TEST_F(BpftraceDiscoveryTest, PlantedLinksAreNeverFollowed) {
  fs::create_directory(dir_);
  fs::permissions(dir_, fs::perms::owner_all);
  fs::path victim = dir_.string() + "-victim";
  std::ofstream(victim) << "precious";
  fs::create_symlink(victim, dir_ / "bpftrace-info.json");
  fs::create_symlink(victim, dir_ / ("bpftrace-info.json." + std::to_string(::getpid()) + ".tmp"));
  EXPECT_TRUE(discover_bpftrace(release_, dir_.string()).info.found);
  std::ifstream in(victim);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "precious");
  EXPECT_FALSE(fs::is_symlink(dir_ / "bpftrace-info.json"));  // replaced by our own file
  fs::remove(victim);
}

TEST_F(BpftraceDiscoveryTest, ADirectoryOthersCanWriteIsNotUsed) {
  fs::create_directory(dir_);
  fs::permissions(dir_, fs::perms::all);
  EXPECT_TRUE(discover_bpftrace(release_, dir_.string()).info.found);
  EXPECT_FALSE(fs::exists(dir_ / "bpftrace-info.json"));
}

TEST_F(BpftraceDiscoveryTest, NoCacheDirMeansNoCache) {
  InstalledBpftrace a = discover_bpftrace(release_, "");
  EXPECT_FALSE(a.from_cache);
  EXPECT_TRUE(a.info.found);
  EXPECT_FALSE(fs::exists(dir_));
}

}  // namespace
}  // namespace gpttrace
