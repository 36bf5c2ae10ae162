// Fingerprint of the index inputs and the cache directory location.
#include "knowledge/fingerprint.h"

#include "kernel/bpftrace_discovery.h"

#include <dirent.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>

namespace gpttrace {

namespace {

struct Fnv {
  uint64_t h = 1469598103934665603ULL;
  void add(std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0xff;  // separator, so ("ab","c") differs from ("a","bc")
    h *= 1099511628211ULL;
  }
};

void add_file(Fnv& fnv, const std::string& path) {
  struct stat st {};
  fnv.add(path);
  if (stat(path.c_str(), &st) != 0) {
    fnv.add("missing");
    return;
  }
  fnv.add(fmt::format("{}:{}.{}", static_cast<long long>(st.st_size), static_cast<long long>(st.st_mtim.tv_sec),
                      static_cast<long long>(st.st_mtim.tv_nsec)));
}

bool make_dirs(const std::string& path) {
  for (size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
    std::string prefix = path.substr(0, slash);
    if (mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) return false;
    if (slash == std::string::npos) return true;
  }
}

}  // namespace

std::string knowledge_fingerprint(const std::string& examples_dir, const std::vector<std::string>& other_inputs) {
  Fnv fnv;
  fnv.add(fmt::format("schema {} gpttrace {}", kKnowledgeSchemaVersion, GPTTRACE_VERSION));
  std::vector<std::string> names;
  if (DIR* d = opendir(examples_dir.c_str())) {
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] != '.') names.emplace_back(e->d_name);
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  add_file(fnv, examples_dir);
  for (const std::string& name : names) add_file(fnv, examples_dir + "/" + name);
  for (const std::string& path : other_inputs) add_file(fnv, path);
  return fmt::format("{:016x}", fnv.h);
}

std::string knowledge_cache_dir() {
  std::string dir = default_cache_dir();
  return !dir.empty() && dir.front() == '/' && make_dirs(dir) ? dir : std::string();
}

}  // namespace gpttrace
