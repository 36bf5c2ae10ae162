// Finding uprobe targets and reading their symbols, checked against the files on this machine.
#include "kernel/elf_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "sys/process.h"

namespace gpttrace {
namespace {

TEST(ElfFiles, LdSoCacheListsLibc) {
  auto entries = read_ld_so_cache("/etc/ld.so.cache");
  ASSERT_FALSE(entries.empty()) << "Debian 12 glibc writes /etc/ld.so.cache in the 1.1 format";
  auto it =
      std::find_if(entries.begin(), entries.end(), [](const auto& e) { return e.first == "libc.so.6"; });
  ASSERT_NE(it, entries.end());
  EXPECT_TRUE(std::filesystem::exists(it->second)) << it->second;
  EXPECT_TRUE(read_ld_so_cache("/nonexistent").empty());
  EXPECT_TRUE(read_ld_so_cache("/proc/self/exe").empty());  // not a cache file
}

TEST(ElfFiles, ResolvesProgramsThroughPath) {
  auto expected = find_executable("sh");
  ASSERT_TRUE(expected);
  auto sh = resolve_binary_path("sh");
  ASSERT_TRUE(sh) << sh.error().message;
  EXPECT_EQ(*sh, std::filesystem::canonical(*expected).string());
  auto self = resolve_binary_path("/proc/self/exe");
  ASSERT_TRUE(self);
  EXPECT_EQ(*self, std::filesystem::canonical("/proc/self/exe").string());
}

TEST(ElfFiles, ResolvesLibraryNamesToRealElfFiles) {
  for (const char* name : {"libc", "libc.so.6", "libpthread"}) {
    auto lib = resolve_binary_path(name);
    ASSERT_TRUE(lib) << name << ": " << lib.error().message;
    EXPECT_FALSE(std::filesystem::is_symlink(*lib)) << *lib;
    EXPECT_TRUE(elf_function_symbols(*lib)) << *lib;  // an ELF file, not the libc.so linker script
    EXPECT_NE(std::filesystem::path(*lib).filename().string().find(".so"), std::string::npos) << *lib;
  }
}

TEST(ElfFiles, MissingBinariesSayWhatToDo) {
  auto missing = resolve_binary_path("bpftracee");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("bpftracee"), std::string::npos);
  EXPECT_FALSE(missing.error().fix.empty());
  if (find_executable("bpftrace")) {
    EXPECT_NE(missing.error().message.find("did you mean"), std::string::npos) << missing.error().message;
  }
  EXPECT_FALSE(resolve_binary_path("/no/such/file"));
  EXPECT_FALSE(resolve_binary_path(""));
  EXPECT_FALSE(resolve_binary_path("/tmp"));  // a directory
}

TEST(ElfFiles, SymbolsOfOurOwnTestBinary) {
  auto symbols = elf_function_symbols("/proc/self/exe");
  ASSERT_TRUE(symbols) << symbols.error().message;
  EXPECT_TRUE(std::binary_search(symbols->begin(), symbols->end(), "main"));
  EXPECT_EQ(std::adjacent_find(symbols->begin(), symbols->end()), symbols->end());
  auto not_elf = elf_function_symbols("/etc/hostname");
  if (std::filesystem::exists("/etc/hostname")) {
    ASSERT_FALSE(not_elf);
    EXPECT_NE(not_elf.error().message.find("not an ELF"), std::string::npos);
  }
  auto missing = elf_function_symbols("/no/such/file");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().errnum, 0);
}

}  // namespace
}  // namespace gpttrace
