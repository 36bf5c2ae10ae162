// Version negotiation and per-request context for the MCP revisions gpttrace serves.
#include "mcp/protocol.h"

#include <algorithm>

namespace gpttrace::mcp {

namespace {

constexpr const char* kMetaVersion = "io.modelcontextprotocol/protocolVersion";
constexpr const char* kMetaCapabilities = "io.modelcontextprotocol/clientCapabilities";
constexpr int kListTtlMs = 300000;  // the tool list only changes when the server restarts with other flags

bool at_least(const std::string& version, const char* since) { return version >= since; }  // ISO dates

}  // namespace

const std::vector<std::string>& supported_versions() {
  static const std::vector<std::string> versions = {kStatelessVersion, "2025-11-25", "2025-06-18", "2025-03-26",
                                                    "2024-11-05"};
  return versions;
}

std::string negotiate_legacy(const json& requested) {
  if (requested.is_string()) {
    const std::string wanted = requested.get<std::string>();
    const auto& all = supported_versions();
    if (wanted != kStatelessVersion && std::find(all.begin(), all.end(), wanted) != all.end()) return wanted;
  }
  return kLatestLegacyVersion;
}

std::optional<RequestContext> request_context(const json& params, const std::string& session_version,
                                              RpcError& error) {
  RequestContext context;
  const json* meta = params.contains("_meta") && params["_meta"].is_object() ? &params["_meta"] : nullptr;
  if (meta && meta->contains("progressToken")) {
    const json& token = (*meta)["progressToken"];
    if (token.is_string() || token.is_number_integer()) context.progress_token = token;
  }
  if (!meta || !meta->contains(kMetaVersion)) {
    context.version = session_version.empty() ? kLatestLegacyVersion : session_version;
    return context;
  }
  const json& version = (*meta)[kMetaVersion];
  if (!version.is_string() || version.get<std::string>() != kStatelessVersion) {
    error = RpcError{kUnsupportedProtocolVersion, "Unsupported protocol version",
                     json{{"supported", json::array({kStatelessVersion})}, {"requested", version}}};
    return std::nullopt;
  }
  if (!meta->contains(kMetaCapabilities) || !(*meta)[kMetaCapabilities].is_object()) {
    error = RpcError{kInvalidParams,
                     std::string("invalid params: _meta must carry \"") + kMetaCapabilities + "\" (an object)", nullptr};
    return std::nullopt;
  }
  context.version = kStatelessVersion;
  context.stateless = true;
  return context;
}

bool has_annotations(const std::string& version) { return at_least(version, "2025-03-26"); }
bool has_structured_content(const std::string& version) { return at_least(version, "2025-06-18"); }

json finish_result(json result, const RequestContext& context, bool list) {
  if (!context.stateless) return result;
  result["resultType"] = "complete";
  if (list) {
    result["ttlMs"] = kListTtlMs;
    result["cacheScope"] = "private";
  }
  return result;
}

}  // namespace gpttrace::mcp
