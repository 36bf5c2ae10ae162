// Which OpenAI-compatible provider to call and how: flags > environment > ~/.config/gpttrace/config.json.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"

namespace gpttrace {

inline constexpr const char* kDefaultBaseUrl = "https://api.openai.com/v1";
inline constexpr const char* kDefaultModel = "gpt-4o-mini";

struct ProviderConfig {
  std::string base_url = kDefaultBaseUrl;  // without a trailing '/'; "/chat/completions" is appended
  std::string api_key;                     // may be empty for local endpoints; never printed
  std::string model = kDefaultModel;
  bool explicit_endpoint = false;  // base_url or key came from a flag, the environment or the file
  bool use_tools = true;           // tool/function calling; false: plain text with ``` fences
  bool stream = true;              // SSE streaming
  double connect_timeout_seconds = 10;
  double timeout_seconds = 120;    // one answer: every attempt, retry and wait included
  std::string source;              // where the endpoint came from, for -v: "flags", "environment", FILE
};

// Values given on the command line; empty means "not given".
struct ProviderFlags {
  std::string api_key, model, base_url;
};

// Reads an environment variable; tests inject their own.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;
EnvLookup process_environment();

// ~/.config/gpttrace/config.json ($XDG_CONFIG_HOME/gpttrace/config.json when set); empty without HOME.
std::string default_config_path(const EnvLookup& env);

// Merges the layers: flags, then OPENAI_API_KEY / OPENAI_BASE_URL / GPTTRACE_MODEL (and the optional
// GPTTRACE_LLM_TIMEOUT, GPTTRACE_LLM_STREAM=0, GPTTRACE_LLM_TOOLS=0), then the config file
// {"api_key","base_url","model","tools","stream","timeout_seconds","connect_timeout_seconds"}.
// A missing file is fine; an unreadable or malformed one fails with its path.
Result<ProviderConfig> resolve_provider(const ProviderFlags& flags, const EnvLookup& env,
                                        const std::string& config_path);

// True when a request may be sent: a key, or an endpoint that needs none (a loopback/local base URL).
bool provider_usable(const ProviderConfig& config);
// http://localhost..., http://127.x, http://[::1]: endpoints like Ollama that need no key.
bool is_local_endpoint(std::string_view base_url);

// Writes `config` (key included) to `path`, creating the directory with mode 0700 and the file with
// mode 0600 (an existing file is re-created with 0600) so the key is readable by its owner only.
Result<void> save_provider_config(const std::string& path, const ProviderConfig& config);

// Replaces the key and anything shaped like a provider secret ("sk-...", "Bearer ...") with
// "[REDACTED]", and drops user:password@ from URLs. Every text that leaves the LLM library (errors, logs, prompt dumps, JSON) passes here.
std::string redact(std::string_view text, std::string_view key);

}  // namespace gpttrace
