// Runs `bpftrace --version` and `bpftrace --info` once per kernel and binary, and keeps their answers in
// a small JSON file so a warm catalog costs a stat and a read instead of two process runs.
#include "kernel/bpftrace_discovery.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "kernel/fixture_catalog.h"
#include "sys/process.h"

namespace gpttrace {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kCacheFile = "bpftrace-info.json";
constexpr auto kRunTimeout = std::chrono::seconds(10);

std::string cache_key(const std::string& release, const std::string& path, const struct stat& st) {
  return fmt::format("{}|{}|{}.{}|{}", release, path, st.st_mtim.tv_sec, st.st_mtim.tv_nsec, st.st_size);
}

struct Answers {
  std::string version;
  std::string info;
};

std::optional<Answers> read_cache(const fs::path& file, const std::string& key) {
  std::ifstream in(file);
  if (!in) return std::nullopt;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || doc.value("key", "") != key) return std::nullopt;
  if (!doc.contains("version") || !doc["version"].is_string() || !doc.contains("info") ||
      !doc["info"].is_string())
    return std::nullopt;
  return Answers{doc["version"].get<std::string>(), doc["info"].get<std::string>()};
}

// Whether `dir` is ours alone: a real directory (not a symlink) owned by us, writable by nobody else.
// Only then may a root gpttrace write into it; anyone who can write there could plant links.
bool is_private_dir(const fs::path& dir) {
  struct stat st {};
  return ::lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == ::geteuid() &&
         (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

// Best effort: a read-only or missing home only costs the next run the ~100 ms again. The new file gets a
// fresh name from mkstemp (O_EXCL: it never opens an existing file or follows a link), then is renamed.
void write_cache(const fs::path& dir, const std::string& key, const Answers& answers) {
  ::mkdir(dir.parent_path().c_str(), 0700);
  ::mkdir(dir.c_str(), 0700);
  if (!is_private_dir(dir)) return;
  json doc = {{"key", key}, {"version", answers.version}, {"info", answers.info}};
  std::string text = doc.dump(1) + "\n";
  std::string tmp = (dir / fmt::format("{}.XXXXXX", kCacheFile)).string();
  int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) return;
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::close(fd) == 0 && ok;
  // atomic: concurrent gpttraces never read half a file
  if (!ok || ::rename(tmp.c_str(), (dir / kCacheFile).c_str()) != 0) ::unlink(tmp.c_str());
}

std::optional<std::string> run_output(const std::string& bpftrace, const char* flag) {
  auto run = run_and_capture({bpftrace, flag}, std::nullopt, kRunTimeout);
  if (!run || run->timed_out || run->exit_code != 0) return std::nullopt;
  return run->out + run->err;  // some builds print --version on stderr
}

}  // namespace

std::string default_cache_dir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fmt::format("{}/gpttrace", xdg);
  if (const char* home = std::getenv("HOME"); home && *home) return fmt::format("{}/.cache/gpttrace", home);
  return {};
}

InstalledBpftrace discover_bpftrace(const std::string& kernel_release, const std::string& cache_dir) {
  InstalledBpftrace result;
  auto found = find_executable("bpftrace");
  struct stat st {};
  if (!found || ::stat(found->c_str(), &st) != 0) return result;
  std::error_code ec;
  fs::path absolute = fs::absolute(*found, ec);
  const std::string path = ec ? *found : absolute.lexically_normal().string();
  const std::string key = cache_key(kernel_release, path, st);

  std::optional<Answers> answers;
  if (!cache_dir.empty() && is_private_dir(cache_dir)) answers = read_cache(fs::path(cache_dir) / kCacheFile, key);
  result.from_cache = answers.has_value();
  if (!answers) {
    auto version = run_output(path, "--version");
    if (!version) return result;
    // --info can fail on a locked-down kernel; the version alone still sets the dialect.
    answers = Answers{*version, run_output(path, "--info").value_or("")};
    if (!cache_dir.empty() && !answers->info.empty()) write_cache(cache_dir, key, *answers);
  }
  result.info = parse_bpftrace_version(answers->version);
  result.info.path = path;
  result.features = parse_bpftrace_info(answers->info);
  return result;
}

}  // namespace gpttrace
