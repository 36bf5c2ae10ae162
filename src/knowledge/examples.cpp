// Loading the example corpus: header parsing and directory scanning.
#include "knowledge/examples.h"

#include <dirent.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace gpttrace {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    size_t comma = s.find(',');
    std::string_view item = trim(s.substr(0, comma));
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

void append_text(std::string& to, std::string_view text) {
  if (!to.empty()) to += ' ';
  to += text;
}

bool is_dir(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

Result<Example> parse_example(std::string_view id, std::string_view text) {
  Example ex;
  ex.id = std::string(id);
  size_t pos = 0;
  // The header: leading `// key: value` lines; the first other non-blank line starts the program.
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = trim(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (!line.empty() && line.substr(0, 2) != "//") break;
    if (line.size() > 2) {
      std::string_view body = trim(line.substr(2));
      size_t colon = body.find(':');
      if (colon != std::string_view::npos) {
        std::string_view key = body.substr(0, colon);
        std::string_view value = trim(body.substr(colon + 1));
        if (key == "title") ex.title = std::string(value);
        else if (key == "en") append_text(ex.en, value);
        else if (key == "zh") append_text(ex.zh, value);
        else if (key == "tags") ex.tags = split_list(value);
        else if (key == "requires") ex.needs = split_list(value);
      }
    }
    if (nl == std::string_view::npos) {
      pos = text.size();
      break;
    }
    pos = nl + 1;
  }
  ex.source = std::string(text.substr(pos));
  if (ex.title.empty() || ex.en.empty() || ex.zh.empty()) {
    return fail(fmt::format("example '{}' lacks a title, en or zh header line", id));
  }
  if (trim(ex.source).empty()) return fail(fmt::format("example '{}' has no program", id));
  return ex;
}

Result<std::vector<Example>> load_examples(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (!d) return fail(fmt::format("cannot read the example corpus in '{}'", dir), "set GPTTRACE_KNOWLEDGE_DIR", errno);
  std::vector<std::string> names;
  while (dirent* entry = readdir(d)) {
    std::string name = entry->d_name;
    if (name.size() > 3 && name.compare(name.size() - 3, 3, ".bt") == 0) names.push_back(name);
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  std::vector<Example> examples;
  for (const std::string& name : names) {
    std::ifstream in(dir + "/" + name);
    std::stringstream text;
    text << in.rdbuf();
    Result<Example> ex = parse_example(name.substr(0, name.size() - 3), text.str());
    if (!ex) return tl::unexpected(ex.error());
    examples.push_back(std::move(*ex));
  }
  return examples;
}

std::string examples_dir() {
  if (const char* env = std::getenv("GPTTRACE_KNOWLEDGE_DIR"); env && *env) return std::string(env) + "/examples";
  std::string source = std::string(GPTTRACE_SOURCE_KNOWLEDGE_DIR) + "/examples";
  if (is_dir(source)) return source;
  return std::string(GPTTRACE_INSTALLED_KNOWLEDGE_DIR) + "/examples";
}

}  // namespace gpttrace
