// Runs `bpftrace --version` and `bpftrace --info` once per kernel and binary, and keeps their answers in
// a small JSON file so a warm catalog costs a stat and a read instead of two process runs.
#include "kernel/bpftrace_discovery.h"

#include <sys/stat.h>
#include <unistd.h>

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

// Best effort: a read-only or missing home only costs the next run the ~100 ms again.
void write_cache(const fs::path& dir, const std::string& key, const Answers& answers) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return;
  json doc = {{"key", key}, {"version", answers.version}, {"info", answers.info}};
  fs::path tmp = dir / fmt::format("{}.{}.tmp", kCacheFile, ::getpid());
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) return;
    out << doc.dump(1) << '\n';
    if (!out) return;
  }
  fs::rename(tmp, dir / kCacheFile, ec);  // atomic: concurrent gpttraces never read half a file
  if (ec) fs::remove(tmp, ec);
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
  if (!cache_dir.empty()) answers = read_cache(fs::path(cache_dir) / kCacheFile, key);
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
