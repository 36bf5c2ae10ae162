// The MCP protocol layer alone: JSON-RPC classification, version negotiation, per-request context,
// stateless result fields, and the tool-result envelope with its cap.
#include <gtest/gtest.h>

#include "mcp/jsonrpc.h"
#include "mcp/protocol.h"
#include "mcp/tools.h"

namespace gpttrace::mcp {
namespace {

TEST(JsonRpc, ClassifiesRequestsNotificationsAndResponses) {
  Message request = parse_message(R"({"jsonrpc":"2.0","id":"a","method":"tools/list","params":{"x":1}})");
  EXPECT_EQ(request.kind, Message::Kind::Request);
  EXPECT_EQ(request.id, "a");
  EXPECT_EQ(request.params["x"], 1);
  Message note = parse_message(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  EXPECT_EQ(note.kind, Message::Kind::Notification);
  EXPECT_TRUE(note.params.is_object());
  EXPECT_EQ(parse_message(R"({"jsonrpc":"2.0","id":3,"result":{}})").kind, Message::Kind::Response);
}

TEST(JsonRpc, MalformedInputGetsTheStandardCodes) {
  EXPECT_EQ(parse_message("{not json").error.code, kParseError);
  EXPECT_EQ(parse_message("[1,2]").error.code, kInvalidRequest);
  EXPECT_EQ(parse_message(R"({"id":1,"method":"ping"})").error.code, kInvalidRequest);  // no jsonrpc
  Message null_id = parse_message(R"({"jsonrpc":"2.0","id":null,"method":"ping"})");
  EXPECT_EQ(null_id.kind, Message::Kind::Invalid);
  Message bad_params = parse_message(R"({"jsonrpc":"2.0","id":4,"method":"ping","params":[1]})");
  EXPECT_EQ(bad_params.error.code, kInvalidRequest);
  EXPECT_EQ(bad_params.id, 4) << "the id is echoed when it could be read";
}

TEST(Versions, InitializeEchoesSupportedLegacyVersionsOnly) {
  for (const char* v : {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"}) EXPECT_EQ(negotiate_legacy(v), v);
  EXPECT_EQ(negotiate_legacy("2026-07-28"), kLatestLegacyVersion) << "the stateless revision has no handshake";
  EXPECT_EQ(negotiate_legacy("2024-10-07"), kLatestLegacyVersion);
  EXPECT_EQ(negotiate_legacy(nullptr), kLatestLegacyVersion);
}

TEST(Versions, MetaSelectsTheStatelessRevision) {
  RpcError error;
  json meta = {{"_meta", {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
                          {"io.modelcontextprotocol/clientCapabilities", json::object()},
                          {"progressToken", 9}}}};
  std::optional<RequestContext> modern = request_context(meta, "", error);
  ASSERT_TRUE(modern);
  EXPECT_TRUE(modern->stateless);
  EXPECT_EQ(modern->progress_token, 9);
  std::optional<RequestContext> legacy = request_context(json::object(), "2025-03-26", error);
  ASSERT_TRUE(legacy);
  EXPECT_FALSE(legacy->stateless);
  EXPECT_EQ(legacy->version, "2025-03-26");

  meta["_meta"]["io.modelcontextprotocol/protocolVersion"] = "2099-01-01";
  EXPECT_FALSE(request_context(meta, "", error));
  EXPECT_EQ(error.code, kUnsupportedProtocolVersion);
  EXPECT_EQ(error.data["requested"], "2099-01-01");
  meta["_meta"]["io.modelcontextprotocol/protocolVersion"] = "2026-07-28";
  meta["_meta"].erase("io.modelcontextprotocol/clientCapabilities");
  EXPECT_FALSE(request_context(meta, "", error));
  EXPECT_EQ(error.code, kInvalidParams);
}

TEST(Versions, StatelessResultsSayCompleteAndListsHowLongToCache) {
  RequestContext legacy{"2025-11-25", false, nullptr};
  EXPECT_FALSE(finish_result(json::object(), legacy, true).contains("resultType"));
  RequestContext modern{"2026-07-28", true, nullptr};
  json list = finish_result(json{{"tools", json::array()}}, modern, true);
  EXPECT_EQ(list["resultType"], "complete");
  EXPECT_GT(list["ttlMs"].get<int>(), 0);
  EXPECT_EQ(list["cacheScope"], "private");
  EXPECT_FALSE(finish_result(json::object(), modern).contains("ttlMs"));
}

TEST(ToolResults, StructuredFromJune2025AndInTheTextBefore) {
  ToolResult r;
  r.structured = {{"ok", true}};
  r.text = "fine";
  json modern = tool_result_json(r, "2025-06-18");
  EXPECT_EQ(modern["structuredContent"]["ok"], true);
  EXPECT_EQ(modern["content"][0]["text"], "fine");
  json old = tool_result_json(r, "2025-03-26");
  EXPECT_FALSE(old.contains("structuredContent"));
  EXPECT_NE(old["content"][0]["text"].get<std::string>().find("\"ok\": true"), std::string::npos);
}

TEST(ToolResults, ErrorsCarryNoStructuredContentAndTextIsCapped) {
  ToolResult error = tool_error("no trace 'x'", {{"fix", "start one"}});
  json out = tool_result_json(error, "2025-11-25");
  EXPECT_EQ(out["isError"], true);
  EXPECT_FALSE(out.contains("structuredContent")) << "it would not match the output schema";
  EXPECT_NE(out["content"][0]["text"].get<std::string>().find("start one"), std::string::npos);
  ToolResult big;
  big.text = std::string(200 * 1024, 'x');
  std::string text = tool_result_json(big, "2025-11-25")["content"][0]["text"];
  EXPECT_LT(text.size(), kResultCapBytes);
  EXPECT_NE(text.find("cut at"), std::string::npos);
}

TEST(Tools, ReadOnlyListsOnlyToolsThatLoadNothing) {
  EXPECT_EQ(listed_tools(false).size(), 9u);
  for (const Tool* tool : listed_tools(true)) {
    EXPECT_FALSE(tool->loads_programs) << tool->name;
    EXPECT_EQ(tool->annotations["readOnlyHint"], true) << tool->name;
  }
  EXPECT_EQ(find_tool("run_trace", true), nullptr);
  ASSERT_NE(find_tool("run_trace", false), nullptr);
  for (const Tool* tool : listed_tools(false)) {
    EXPECT_EQ(tool->input_schema["type"], "object") << tool->name;
    EXPECT_EQ(tool->output_schema["type"], "object") << tool->name;
    EXPECT_TRUE(tool->annotations.contains("readOnlyHint")) << tool->name;
  }
}

}  // namespace
}  // namespace gpttrace::mcp
