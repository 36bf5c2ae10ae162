// MCP protocol versions: the initialize handshake of the legacy revisions, the per-request _meta of the
// stateless 2026-07-28 revision, and what each revision's results may carry.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mcp/jsonrpc.h"

namespace gpttrace::mcp {

inline constexpr const char* kStatelessVersion = "2026-07-28";
inline constexpr const char* kLatestLegacyVersion = "2025-11-25";

// Every version served, newest first.
const std::vector<std::string>& supported_versions();

// initialize: the client's version when it is a supported legacy one, else the latest legacy one.
std::string negotiate_legacy(const json& requested);

// How one request is to be answered.
struct RequestContext {
  std::string version;   // the revision in force for this request
  bool stateless = false;
  json progress_token;   // params._meta.progressToken, null when absent
};

// The context of a request: stateless when params._meta names a protocol version (which must be
// supported: -32022 otherwise, and clientCapabilities must be present: -32602), else the version
// negotiated by initialize (`session_version`, or the latest legacy one before any initialize).
std::optional<RequestContext> request_context(const json& params, const std::string& session_version, RpcError& error);

// Version features.
bool has_annotations(const std::string& version);        // tool annotations: 2025-03-26 and later
bool has_structured_content(const std::string& version); // outputSchema, structuredContent, title: 2025-06-18+

// Stateless results carry resultType "complete"; `list` results also ttlMs and cacheScope.
json finish_result(json result, const RequestContext& context, bool list = false);

}  // namespace gpttrace::mcp
