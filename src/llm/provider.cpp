// Provider configuration layers, the 0600 config file, and key redaction.
#include "llm/provider.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "common/numbers.h"

namespace gpttrace {

namespace {

using json = nlohmann::json;

std::string strip_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

bool env_false(const std::optional<std::string>& v) {
  return v && (*v == "0" || *v == "false" || *v == "no" || *v == "off");
}

Result<json> read_config_file(const std::string& path) {
  if (path.empty()) return json::object();
  std::ifstream in(path);
  if (!in) {
    if (errno == ENOENT) return json::object();
    return fail(fmt::format("cannot read the config file {}: {}", path, std::strerror(errno)),
                "fix its permissions or remove it");
  }
  std::stringstream text;
  text << in.rdbuf();
  json parsed = json::parse(text.str(), nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return fail(fmt::format("the config file {} is not a JSON object", path),
                R"(write e.g. {"base_url": "http://localhost:11434/v1", "model": "qwen2.5-coder"})");
  }
  return parsed;
}

std::string file_string(const json& file, const char* key) {
  auto it = file.find(key);
  return it != file.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

EnvLookup process_environment() {
  return [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  };
}

std::string default_config_path(const EnvLookup& env) {
  if (auto xdg = env("XDG_CONFIG_HOME")) return *xdg + "/gpttrace/config.json";
  if (auto home = env("HOME")) return *home + "/.config/gpttrace/config.json";
  return {};
}

Result<ProviderConfig> resolve_provider(const ProviderFlags& flags, const EnvLookup& env,
                                        const std::string& config_path) {
  Result<json> file = read_config_file(config_path);
  if (!file) return tl::unexpected(file.error());
  ProviderConfig config;
  auto pick = [&](const std::string& flag, const char* env_name, const char* file_key, std::string& out,
                  bool endpoint) {
    if (!flag.empty()) {
      out = flag;
      if (endpoint) config.source = "flags";
    } else if (auto value = env(env_name)) {
      out = *value;
      if (endpoint && config.source.empty()) config.source = "environment";
    } else if (std::string stored = file_string(*file, file_key); !stored.empty()) {
      out = stored;
      if (endpoint && config.source.empty()) config.source = config_path;
    } else {
      return;
    }
    if (endpoint) config.explicit_endpoint = true;
  };
  pick(flags.base_url, "OPENAI_BASE_URL", "base_url", config.base_url, true);
  pick(flags.api_key, "OPENAI_API_KEY", "api_key", config.api_key, true);
  pick(flags.model, "GPTTRACE_MODEL", "model", config.model, false);
  config.base_url = strip_slash(config.base_url);

  if (auto it = file->find("tools"); it != file->end() && it->is_boolean()) config.use_tools = it->get<bool>();
  if (auto it = file->find("stream"); it != file->end() && it->is_boolean()) config.stream = it->get<bool>();
  if (auto it = file->find("timeout_seconds"); it != file->end() && it->is_number()) {
    config.timeout_seconds = it->get<double>();
  }
  if (auto it = file->find("connect_timeout_seconds"); it != file->end() && it->is_number()) {
    config.connect_timeout_seconds = it->get<double>();
  }
  if (env_false(env("GPTTRACE_LLM_TOOLS"))) config.use_tools = false;
  if (env_false(env("GPTTRACE_LLM_STREAM"))) config.stream = false;
  if (auto timeout = env("GPTTRACE_LLM_TIMEOUT")) {
    Result<double> seconds = parse_seconds("GPTTRACE_LLM_TIMEOUT", *timeout, 1, 3600);
    if (!seconds) return tl::unexpected(seconds.error());
    config.timeout_seconds = *seconds;
  }
  if (config.base_url.rfind("http://", 0) != 0 && config.base_url.rfind("https://", 0) != 0) {
    return fail(redact(fmt::format("the provider URL '{}' is not http:// or https://", config.base_url), ""),
                "e.g. --base-url https://api.deepseek.com/v1 or http://localhost:11434/v1");
  }
  return config;
}

bool is_local_endpoint(std::string_view base_url) {
  for (std::string_view prefix : {"http://localhost", "http://127.", "http://[::1]", "https://localhost",
                                  "https://127."}) {
    if (base_url.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

bool provider_usable(const ProviderConfig& config) {
  return !config.api_key.empty() || (config.explicit_endpoint && is_local_endpoint(config.base_url));
}

Result<void> save_provider_config(const std::string& path, const ProviderConfig& config) {
  size_t slash = path.rfind('/');
  if (slash != std::string::npos && slash > 0) {
    std::string dir = path.substr(0, slash);
    size_t parent = dir.rfind('/');
    if (parent != std::string::npos && parent > 0) ::mkdir(dir.substr(0, parent).c_str(), 0700);
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
      return fail(fmt::format("cannot create {}: {}", dir, std::strerror(errno)), {}, errno);
    }
  }
  json out = {{"base_url", config.base_url}, {"model", config.model}};
  if (!config.api_key.empty()) out["api_key"] = config.api_key;
  // Re-create rather than truncate: an existing file may have looser permissions than 0600.
  ::unlink(path.c_str());
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return fail(fmt::format("cannot write {}: {}", path, std::strerror(errno)), {}, errno);
  std::string text = out.dump(2) + "\n";
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::fchmod(fd, 0600) == 0 && ok;
  ::close(fd);
  if (!ok) return fail(fmt::format("cannot write {}", path));
  return {};
}

std::string redact(std::string_view text, std::string_view key) {
  std::string out(text);
  if (key.size() >= 4) {
    for (size_t at = out.find(key); at != std::string::npos; at = out.find(key, at)) {
      out.replace(at, key.size(), "[REDACTED]");
    }
  }
  static const std::regex secret(R"((sk-[A-Za-z0-9_*.\-]{6,})|(Bearer\s+[A-Za-z0-9_*.\-]{6,}))");
  // user:password@ in a URL (e.g. --base-url https://user:pw@proxy/v1) is dropped whole.
  static const std::regex url_credentials(R"(([A-Za-z][A-Za-z0-9+.\-]*://)[^/\s@]*@)");
  return std::regex_replace(std::regex_replace(out, secret, "[REDACTED]"), url_credentials, "$1");
}

}  // namespace gpttrace
