// `gpttrace mcp` over stdio, driven by a scripted client against the real binary, kernel and bpftrace:
// every protocol version, every tool, protocol errors, cancellation, end of input, no bpftrace left.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "mcp_client.h"

namespace gpttrace::mcp_test {
namespace {

using namespace std::chrono_literals;

const std::set<std::string> kAllTools = {"plan_trace", "check_program", "list_probes", "ask",        "examples",
                                         "run_trace",  "start_trace",   "get_trace",   "stop_trace"};

std::set<std::string> tool_names(const json& list_result) {
  std::set<std::string> names;
  for (const json& tool : list_result["tools"]) names.insert(tool["name"].get<std::string>());
  return names;
}

json call(McpProcess& server, const json& id, const std::string& tool, const json& arguments,
          std::chrono::milliseconds timeout = 20s, json meta = nullptr) {
  json params = {{"name", tool}, {"arguments", arguments}};
  if (!meta.is_null()) params["_meta"] = meta;
  std::optional<json> reply = server.request(id, "tools/call", params, timeout);
  EXPECT_TRUE(reply.has_value()) << "no answer to " << tool;
  return reply ? (*reply)["result"] : json::object();
}

std::string text_of(const json& result) {
  std::string text;
  for (const json& c : result.value("content", json::array())) text += c.value("text", "");
  return text;
}

// The count of `comm` in the (first) map keyed by comm of a structured trace result, or -1.
int64_t count_for(const json& structured, const std::string& comm) {
  if (!structured.contains("maps")) return -1;
  for (const auto& [name, entries] : structured["maps"].items()) {
    for (const json& entry : entries) {
      if (entry["key"] == json::array({comm})) return entry["value"].get<int64_t>();
    }
  }
  return -1;
}

TEST(McpStdio, InitializeEchoesEachLegacyVersionAndFallsBackToTheLatest) {
  for (const char* version : {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"}) {
    McpProcess server({});
    json result = server.initialize(version);
    EXPECT_EQ(result["protocolVersion"], version);
    EXPECT_EQ(result["capabilities"]["tools"]["listChanged"], false);
    EXPECT_EQ(result["serverInfo"]["name"], "gpttrace");
    std::optional<json> list = server.request(2, "tools/list");
    ASSERT_TRUE(list);
    EXPECT_EQ(tool_names((*list)["result"]), kAllTools) << version;
    const json& first = (*list)["result"]["tools"][0];
    EXPECT_TRUE(first.contains("inputSchema"));
    EXPECT_EQ(first.contains("outputSchema"), std::string(version) >= "2025-06-18") << version;
    EXPECT_EQ(first.contains("annotations"), std::string(version) >= "2025-03-26") << version;
    EXPECT_FALSE((*list)["result"].contains("resultType")) << "legacy results carry no resultType";
  }
  McpProcess server({});
  EXPECT_EQ(server.initialize("1999-01-01")["protocolVersion"], "2025-11-25");
}

TEST(McpStdio, StatelessRequestsCarryTheirVersionInMeta) {
  McpProcess server({});
  const json meta = {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
                     {"io.modelcontextprotocol/clientCapabilities", json::object()}};
  std::optional<json> discover = server.request(1, "server/discover", {{"_meta", meta}});
  ASSERT_TRUE(discover);
  const json& d = (*discover)["result"];
  EXPECT_EQ(d["resultType"], "complete");
  EXPECT_NE(std::find(d["supportedVersions"].begin(), d["supportedVersions"].end(), "2026-07-28"),
            d["supportedVersions"].end());
  EXPECT_TRUE(d.contains("ttlMs") && d.contains("cacheScope") && d.contains("capabilities"));

  std::optional<json> list = server.request(2, "tools/list", {{"_meta", meta}});
  ASSERT_TRUE(list);
  EXPECT_EQ((*list)["result"]["resultType"], "complete");
  EXPECT_TRUE((*list)["result"].contains("ttlMs"));
  EXPECT_EQ(tool_names((*list)["result"]), kAllTools);

  json check = call(server, 3, "check_program", {{"program", "tracepoint:raw_syscalls:sys_enter { @ = count(); }"}},
                    20s, meta);
  EXPECT_EQ(check["resultType"], "complete");
  EXPECT_EQ(check["structuredContent"]["ok"], true);

  std::optional<json> old = server.request(4, "tools/list",
                                           {{"_meta", {{"io.modelcontextprotocol/protocolVersion", "2031-01-01"},
                                                       {"io.modelcontextprotocol/clientCapabilities", json::object()}}}});
  ASSERT_TRUE(old);
  EXPECT_EQ((*old)["error"]["code"], -32022);
  EXPECT_EQ((*old)["error"]["data"]["requested"], "2031-01-01");
  std::optional<json> no_caps = server.request(
      5, "tools/list", {{"_meta", {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"}}}});
  ASSERT_TRUE(no_caps);
  EXPECT_EQ((*no_caps)["error"]["code"], -32602);
}

TEST(McpStdio, ProtocolErrorsAreJsonRpcErrors) {
  McpProcess server({});
  server.initialize();
  server.send_line("this is not json");
  std::optional<json> parse = server.next(5s);
  ASSERT_TRUE(parse);
  EXPECT_EQ((*parse)["error"]["code"], -32700);
  EXPECT_TRUE((*parse)["id"].is_null());
  server.send_line(R"({"jsonrpc":"2.0","id":7})");
  std::optional<json> invalid = server.next(5s);
  ASSERT_TRUE(invalid);
  EXPECT_EQ((*invalid)["error"]["code"], -32600);
  EXPECT_EQ((*invalid)["id"], 7);
  std::optional<json> unknown = server.request(8, "resources/frobnicate");
  ASSERT_TRUE(unknown);
  EXPECT_EQ((*unknown)["error"]["code"], -32601);
  std::optional<json> bad_tool = server.request(9, "tools/call", {{"name", "rm_rf"}, {"arguments", json::object()}});
  ASSERT_TRUE(bad_tool);
  EXPECT_EQ((*bad_tool)["error"]["code"], -32602);
  std::optional<json> ping = server.request("p", "ping");
  ASSERT_TRUE(ping);
  EXPECT_EQ((*ping)["result"], json::object());
  // Invalid tool arguments are a tool error the model can act on, not a protocol error.
  json missing = call(server, 10, "plan_trace", json::object());
  EXPECT_EQ(missing["isError"], true);
  EXPECT_NE(text_of(missing).find("\"request\""), std::string::npos) << text_of(missing);
}

TEST(McpStdio, ReadOnlyHidesEveryToolThatLoadsAProgram) {
  McpProcess server({"--read-only"});
  server.initialize();
  std::optional<json> list = server.request(1, "tools/list");
  ASSERT_TRUE(list);
  EXPECT_EQ(tool_names((*list)["result"]),
            (std::set<std::string>{"plan_trace", "check_program", "list_probes", "ask", "examples"}));
  std::optional<json> run = server.request(
      2, "tools/call", {{"name", "run_trace"}, {"arguments", {{"program", "BEGIN { exit(); }"}}}});
  ASSERT_TRUE(run);
  EXPECT_EQ((*run)["error"]["code"], -32602);
}

TEST(McpStdio, ChecksRefuseKprobesAndSystemWithDiagnostics) {
  McpProcess server({});
  server.initialize();
  json kprobe = call(server, 1, "check_program", {{"program", "kprobe:vfs_read { @[comm] = count(); }"}});
  EXPECT_EQ(kprobe["isError"], true);
  EXPECT_NE(text_of(kprobe).find("tracepoint:syscalls:sys_enter_read"), std::string::npos) << text_of(kprobe);
  json system = call(server, 2, "check_program",
                     {{"program", "tracepoint:raw_syscalls:sys_enter { system(\"id\"); exit(); }"}});
  EXPECT_EQ(system["isError"], true);
  EXPECT_NE(text_of(system).find("--unsafe"), std::string::npos) << text_of(system);
  // run_trace refuses the same program through the same check: nothing attaches.
  json run = call(server, 3, "run_trace", {{"program", "kprobe:vfs_read { @[comm] = count(); }"}});
  EXPECT_EQ(run["isError"], true);
  EXPECT_NE(text_of(run).find("nothing was loaded"), std::string::npos) << text_of(run);
  json ok = call(server, 4, "check_program", {{"program", "tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }"}});
  EXPECT_EQ(ok["isError"], false);
  EXPECT_EQ(ok["structuredContent"]["ok"], true);
  EXPECT_EQ(ok["structuredContent"]["compiled"], true) << "root with bpftrace: the compile check runs";
}

TEST(McpStdio, PlanListAskAndExamplesAnswerFromThisMachine) {
  McpProcess server({});
  server.initialize();
  json plan = call(server, 1, "plan_trace", {{"request", "count syscalls by process"}});
  ASSERT_EQ(plan["isError"], false) << text_of(plan);
  EXPECT_NE(plan["structuredContent"]["program"].get<std::string>().find("raw_syscalls"), std::string::npos);
  EXPECT_EQ(plan["structuredContent"]["passes_checks"], true);
  json chinese = call(server, 6, "plan_trace", {{"request", "count syscalls by process"}, {"language", "zh"}});
  ASSERT_EQ(chinese["isError"], false) << text_of(chinese);
  EXPECT_EQ(chinese["structuredContent"]["language"], "zh");
  EXPECT_NE(chinese["structuredContent"]["description"], plan["structuredContent"]["description"]);
  json nonsense = call(server, 2, "plan_trace", {{"request", "bake a cake"}});
  EXPECT_EQ(nonsense["isError"], true);

  json probes = call(server, 3, "list_probes", {{"pattern", "syscalls:sys_enter_open*"}, {"limit", 2}});
  ASSERT_EQ(probes["isError"], false) << text_of(probes);
  EXPECT_EQ(probes["structuredContent"]["probes"].size(), 2u);
  EXPECT_GE(probes["structuredContent"]["total"].get<int>(), 3);
  EXPECT_EQ(probes["structuredContent"]["truncated"], true);

  json ask = call(server, 4, "ask", {{"question", "can I trace kfree_skb?"}});
  ASSERT_EQ(ask["isError"], false) << text_of(ask);
  EXPECT_EQ(ask["structuredContent"]["understood"], true);
  EXPECT_FALSE(ask["structuredContent"]["facts"].empty());

  json examples = call(server, 5, "examples", {{"query", "tcp connect"}, {"limit", 2}});
  ASSERT_EQ(examples["isError"], false) << text_of(examples);
  ASSERT_FALSE(examples["structuredContent"]["examples"].empty());
  EXPECT_FALSE(examples["structuredContent"]["examples"][0]["program"].get<std::string>().empty());
}

TEST(McpStdio, RunTraceReturnsTheWorkloadsRowsWithProgress) {
  Workload workload({"--name", "evwk_mcp_run", "--seconds", "20", "syscalls"});
  McpProcess server({});
  server.initialize("2025-06-18");
  auto started = std::chrono::steady_clock::now();
  json run = call(server, 1, "run_trace",
                  {{"program", "tracepoint:raw_syscalls:sys_enter /comm == \"evwk_mcp_run\"/ { @[comm] = count(); }"},
                   {"duration_s", 2}},
                  20s, {{"progressToken", "tok-1"}});
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(run["isError"], false) << text_of(run);
  const json& s = run["structuredContent"];
  EXPECT_GT(count_for(s, "evwk_mcp_run"), 0) << s.dump();
  EXPECT_EQ(s["stopped_by"], "duration");
  EXPECT_EQ(s["truncated"], false);
  EXPECT_GE(took, 2.0);
  EXPECT_LT(took, 10.0);
  size_t progress = 0;
  for (const json& n : server.notifications()) {
    if (n["method"] == "notifications/progress" && n["params"]["progressToken"] == "tok-1") ++progress;
  }
  EXPECT_GE(progress, 1u);
  // The rows are titled as on the CLI: in the structured content and in the text.
  ASSERT_TRUE(s.contains("columns")) << s.dump();
  EXPECT_EQ(s["columns"]["@"]["keys"][0]["title"], "process") << s["columns"].dump();
  EXPECT_EQ(s["columns"]["@"]["value"], "count") << s["columns"].dump();
  EXPECT_NE(text_of(run).find("process"), std::string::npos) << text_of(run);
  EXPECT_NE(text_of(run).find("evwk_mcp_run"), std::string::npos) << text_of(run);

  // A request is planned offline, then checked and run the same way.
  json planned = call(server, 2, "run_trace", {{"request", "count syscalls by process"}, {"duration_s", 2}, {"top", 50}});
  ASSERT_EQ(planned["isError"], false) << text_of(planned);
  EXPECT_GT(count_for(planned["structuredContent"], "evwk_mcp_run"), 0) << planned["structuredContent"].dump();
  const json& columns = planned["structuredContent"]["columns"];
  ASSERT_FALSE(columns.empty()) << planned["structuredContent"].dump();
  EXPECT_EQ(columns.begin().value()["keys"][0]["title"], "process") << columns.dump();
  EXPECT_TRUE(bpftrace_running("evwk_mcp_run").empty());
}

TEST(McpStdio, StartGetStopPagesEvents) {
  Workload workload({"--name", "evwk_mcp_page", "--seconds", "20", "open", "/etc/hostname"});
  McpProcess server({});
  server.initialize();
  json started = call(server, 1, "start_trace",
                      {{"program", "tracepoint:syscalls:sys_enter_openat /comm == \"evwk_mcp_page\"/ "
                                   "{ printf(\"%s\\n\", str(args->filename)); }"},
                       {"duration_s", 60}});
  ASSERT_EQ(started["isError"], false) << text_of(started);
  std::string id = started["structuredContent"]["id"];
  std::this_thread::sleep_for(2s);
  json page = call(server, 2, "get_trace", {{"id", id}, {"limit", 3}});
  ASSERT_EQ(page["isError"], false) << text_of(page);
  EXPECT_EQ(page["structuredContent"]["state"], "running");
  ASSERT_EQ(page["structuredContent"]["events"].size(), 3u) << page["structuredContent"].dump();
  EXPECT_EQ(page["structuredContent"]["events"][0], "/etc/hostname");
  EXPECT_EQ(page["structuredContent"]["next_offset"], 3);
  json stopped = call(server, 3, "stop_trace", {{"id", id}});
  ASSERT_EQ(stopped["isError"], false) << text_of(stopped);
  EXPECT_EQ(stopped["structuredContent"]["state"], "finished");
  EXPECT_EQ(stopped["structuredContent"]["stopped_by"], "interrupted");
  size_t total = stopped["structuredContent"]["events_total"];
  EXPECT_GT(total, 3u);
  json rest = call(server, 4, "get_trace", {{"id", id}, {"offset", 3}, {"limit", 1000}});
  EXPECT_EQ(rest["structuredContent"]["events"].size(), std::min<size_t>(total, 1000 + 3) - 3);
  EXPECT_TRUE(bpftrace_running("evwk_mcp_page").empty());
  json unknown = call(server, 5, "get_trace", {{"id", "trace-999"}});
  EXPECT_EQ(unknown["isError"], true);
}

TEST(McpStdio, CancelledRunStopsItsBpftraceAndSendsNothingMore) {
  McpProcess server({});
  server.initialize();
  server.send(json{{"jsonrpc", "2.0"}, {"id", 77}, {"method", "tools/call"},
                   {"params", {{"name", "run_trace"},
                               {"arguments", {{"program", "tracepoint:raw_syscalls:sys_enter /comm == \"evwk_mcp_cancel\"/ "
                                                          "{ @[comm] = count(); }"},
                                              {"duration_s", 30}}}}}});
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (bpftrace_running("evwk_mcp_cancel").empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_FALSE(bpftrace_running("evwk_mcp_cancel").empty()) << "the trace never started";
  server.send(json{{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"},
                   {"params", {{"requestId", 77}, {"reason", "user pressed stop"}}}});
  deadline = std::chrono::steady_clock::now() + 8s;
  while (!bpftrace_running("evwk_mcp_cancel").empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(bpftrace_running("evwk_mcp_cancel").empty());
  std::optional<json> ping = server.request(78, "ping", json::object(), 5s);
  ASSERT_TRUE(ping);
  std::this_thread::sleep_for(1s);
  while (std::optional<json> late = server.next(200ms)) EXPECT_NE((*late)["id"], 77) << "answered after cancel";
}

TEST(McpStdio, EndOfInputStopsEveryTraceAndExits) {
  McpProcess server({});
  server.initialize();
  for (int i = 0; i < 2; ++i) {
    json started = call(server, i + 1, "start_trace",
                        {{"program", "tracepoint:raw_syscalls:sys_enter /comm == \"evwk_mcp_eof\"/ { @[comm] = count(); }"},
                         {"duration_s", 600}});
    ASSERT_EQ(started["isError"], false) << text_of(started);
  }
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (bpftrace_running("evwk_mcp_eof").size() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(bpftrace_running("evwk_mcp_eof").size(), 2u);
  server.close_stdin();
  std::optional<int> code = server.wait_exit(10s);
  ASSERT_TRUE(code.has_value()) << "the server did not exit when stdin closed";
  EXPECT_EQ(*code, 0);
  EXPECT_TRUE(bpftrace_running("evwk_mcp_eof").empty());
}

TEST(McpStdio, ConcurrentTracesAreBounded) {
  McpProcess server({});
  server.initialize();
  const json program = {{"program", "tracepoint:raw_syscalls:sys_enter /comm == \"evwk_mcp_many\"/ { @ = count(); }"},
                        {"duration_s", 600}};
  for (int i = 0; i < 4; ++i) ASSERT_EQ(call(server, i + 1, "start_trace", program)["isError"], false);
  json fifth = call(server, 5, "start_trace", program);
  EXPECT_EQ(fifth["isError"], true);
  EXPECT_NE(text_of(fifth).find("stop_trace"), std::string::npos) << text_of(fifth);
  json stopped = call(server, 6, "stop_trace", {{"id", "trace-1"}});
  EXPECT_EQ(stopped["structuredContent"]["state"], "finished");
  EXPECT_EQ(call(server, 7, "start_trace", program)["isError"], false);
}

}  // namespace
}  // namespace gpttrace::mcp_test
