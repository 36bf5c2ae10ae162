// The --config file of gpttrace serve: JSON, parsed without exceptions, every problem one line naming the
// entry.
#include "serve/config.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace gpttrace::serve {

namespace {

constexpr size_t kMaxConfigBytes = 1 << 20;

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 64 || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

std::string string_field(const nlohmann::json& entry, const char* key) {
  auto found = entry.find(key);
  return found != entry.end() && found->is_string() ? found->get<std::string>() : std::string();
}

}  // namespace

Result<std::vector<ServeSource>> parse_config(const std::string& text, const std::string& path) {
  const std::string fix = "see the example in deploy/serve.json";
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return fail(fmt::format("config {} is not valid JSON", path), fix);
  if (!doc.is_object() || !doc.contains("programs") || !doc["programs"].is_array() ||
      doc["programs"].empty()) {
    return fail(fmt::format("config {} needs a non-empty \"programs\" list", path), fix);
  }
  std::vector<ServeSource> sources;
  for (size_t i = 0; i < doc["programs"].size(); ++i) {
    const nlohmann::json& entry = doc["programs"][i];
    const std::string where = fmt::format("config {} entry {}", path, i + 1);
    if (!entry.is_object()) return fail(where + " is not an object", fix);
    ServeSource source{string_field(entry, "name"), string_field(entry, "request"),
                       string_field(entry, "program")};
    if (!valid_name(source.name)) {
      return fail(fmt::format("{}: name '{}' must be 1-64 of a-z, 0-9 and _, not starting with a digit",
                              where, source.name),
                  fix);
    }
    if (source.request.empty() == source.program.empty()) {
      return fail(fmt::format("{} ({}): give exactly one of \"request\" and \"program\"", where, source.name),
                  fix);
    }
    sources.push_back(std::move(source));
  }
  return sources;
}

Result<std::vector<ServeSource>> read_config(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return fail(fmt::format("cannot read config {}: not a regular file", path), "check the --config path");
  }
  if (static_cast<size_t>(st.st_size) > kMaxConfigBytes) {
    return fail(fmt::format("config {} is larger than 1 MiB", path),
                "keep the config to the programs to serve");
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return fail(fmt::format("cannot read config {}", path), "check its permissions");
  return parse_config(text.str(), path);
}

}  // namespace gpttrace::serve
