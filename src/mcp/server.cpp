// The MCP method dispatch: initialize/ping/server/discover/tools/list on the reading thread, tools/call on
// worker threads, notifications/cancelled stops a call's trace, end of input stops everything.
#include "mcp/server.h"

#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <list>
#include <map>
#include <mutex>
#include <thread>

#include "mcp/jsonrpc.h"
#include "mcp/protocol.h"
#include "mcp/tools.h"
#include "mcp/traces.h"
#include "pipeline/run.h"
#include "sys/signals.h"

namespace gpttrace::mcp {

namespace {

constexpr const char* kServerVersion = "0.1.0";
constexpr size_t kMaxLineBytes = 4 << 20;  // a longer message is refused (and skipped) as invalid

constexpr const char* kInstructions =
    "gpttrace traces this Linux machine with bpftrace, safely: plan_trace turns a plain-language request into a "
    "program offline; every program (planned or yours) is checked against the live kernel before it loads, and "
    "check_program returns diagnostics to repair. run_trace runs a short trace (at most 30 s) and returns rows as "
    "data; start_trace/get_trace/stop_trace handle longer ones. Prefer tracepoints: list_probes says what can "
    "attach here.";

// One tools/call in progress.
struct Call {
  std::atomic<bool> cancelled{false};
  std::atomic<bool> finished{false};
  std::mutex mutex;
  std::function<void()> cancel;
  std::thread thread;
};

class Server {
 public:
  Server(const Session& session, const ServerOptions& options, Runner& runner, int out_fd)
      : session_(session), options_(options), writer_(out_fd), traces_(session, runner, options.max_traces) {}

  void handle_line(std::string_view line);
  void shutdown();

 private:
  void handle_request(const Message& m);
  void handle_notification(const Message& m);
  json tools_list(const RequestContext& context) const;
  void start_call(const Message& m, const RequestContext& context);
  void reap_finished_calls();

  const Session& session_;
  const ServerOptions options_;
  Writer writer_;
  TraceTable traces_;
  std::string session_version_;  // negotiated by initialize; empty before
  std::mutex calls_mutex_;
  std::map<std::string, std::shared_ptr<Call>> calls_;  // by request id (dumped)
  std::list<std::shared_ptr<Call>> all_calls_;          // to join
};

void Server::handle_line(std::string_view line) {
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;
  Message m = parse_message(line);
  switch (m.kind) {
    case Message::Kind::Invalid: writer_.error(m.id, m.error); break;
    case Message::Kind::Response: break;  // the server sends no requests of its own
    case Message::Kind::Notification: handle_notification(m); break;
    case Message::Kind::Request: handle_request(m); break;
  }
  reap_finished_calls();
}

void Server::handle_notification(const Message& m) {
  if (m.method != "notifications/cancelled") return;  // initialized, roots changes, ...: nothing to do
  const json& id = m.params.contains("requestId") ? m.params["requestId"] : json();
  std::shared_ptr<Call> call;
  {
    std::lock_guard lock(calls_mutex_);
    auto it = calls_.find(id.dump());
    if (it != calls_.end()) call = it->second;
  }
  if (!call) return;  // unknown or finished: ignored, as the spec says
  session_.log(fmt::format("mcp: request {} cancelled{}", id.dump(),
                           m.params.contains("reason") && m.params["reason"].is_string()
                               ? ": " + m.params["reason"].get<std::string>() : ""));
  call->cancelled = true;
  std::lock_guard lock(call->mutex);
  if (call->cancel) call->cancel();
}

json Server::tools_list(const RequestContext& context) const {
  json tools = json::array();
  for (const Tool* tool : listed_tools(options_.read_only)) {
    json t = {{"name", tool->name}, {"description", tool->description}, {"inputSchema", tool->input_schema}};
    if (has_structured_content(context.version)) {
      t["title"] = tool->title;
      t["outputSchema"] = tool->output_schema;
    }
    if (has_annotations(context.version)) {
      json annotations = tool->annotations;
      annotations["title"] = tool->title;
      t["annotations"] = annotations;
    }
    tools.push_back(std::move(t));
  }
  return json{{"tools", tools}};
}

void Server::handle_request(const Message& m) {
  if (m.method == "initialize") {
    session_version_ = negotiate_legacy(m.params.contains("protocolVersion") ? m.params["protocolVersion"] : json());
    session_.log("mcp: initialize, protocol " + session_version_);
    writer_.result(m.id, {{"protocolVersion", session_version_},
                          {"capabilities", {{"tools", {{"listChanged", false}}}}},
                          {"serverInfo", {{"name", "gpttrace"}, {"version", kServerVersion}}},
                          {"instructions", kInstructions}});
    return;
  }
  RpcError error;
  std::optional<RequestContext> context = request_context(m.params, session_version_, error);
  if (!context) {
    writer_.error(m.id, error);
    return;
  }
  if (m.method == "ping") {
    writer_.result(m.id, finish_result(json::object(), *context));
  } else if (m.method == "server/discover") {
    json result = {{"supportedVersions", supported_versions()},
                   {"capabilities", {{"tools", {{"listChanged", false}}}}},
                   {"serverInfo", {{"name", "gpttrace"}, {"version", kServerVersion}}},
                   {"instructions", kInstructions}};
    RequestContext stateless = *context;
    stateless.stateless = true;
    writer_.result(m.id, finish_result(result, stateless, true));
  } else if (m.method == "tools/list") {
    writer_.result(m.id, finish_result(tools_list(*context), *context, true));
  } else if (m.method == "tools/call") {
    start_call(m, *context);
  } else {
    writer_.error(m.id, RpcError{kMethodNotFound, fmt::format("method not found: {}", m.method), nullptr});
  }
}

void Server::start_call(const Message& m, const RequestContext& context) {
  const json& name = m.params.contains("name") ? m.params["name"] : json();
  const Tool* tool = name.is_string() ? find_tool(name.get<std::string>(), options_.read_only) : nullptr;
  if (!tool) {
    writer_.error(m.id, RpcError{kInvalidParams,
                                 name.is_string() ? fmt::format("unknown tool: {}", name.get<std::string>())
                                                  : "invalid params: \"name\" (a string) is required",
                                 nullptr});
    return;
  }
  json arguments = m.params.contains("arguments") ? m.params["arguments"] : json::object();
  if (!arguments.is_object()) {
    writer_.error(m.id, RpcError{kInvalidParams, "invalid params: \"arguments\" must be an object", nullptr});
    return;
  }
  auto call = std::make_shared<Call>();
  {
    std::lock_guard lock(calls_mutex_);
    size_t running = 0;
    for (const auto& c : all_calls_) running += !c->finished;
    if (running >= options_.max_calls || calls_.count(m.id.dump())) {
      writer_.error(m.id, RpcError{kInvalidRequest,
                                   calls_.count(m.id.dump()) ? "a request with this id is still in progress"
                                                             : "too many tool calls in progress; retry later",
                                   nullptr});
      return;
    }
    calls_[m.id.dump()] = call;
    all_calls_.push_back(call);
  }
  session_.log(fmt::format("mcp: tools/call {} (request {})", tool->name, m.id.dump()));
  call->thread = std::thread([this, call, tool, id = m.id, arguments, context] {
    ToolContext ctx{session_, traces_,
                    [this, &context](double progress, double total, const std::string& message) {
                      if (context.progress_token.is_null()) return;
                      writer_.notify("notifications/progress", {{"progressToken", context.progress_token},
                                                                {"progress", progress}, {"total", total},
                                                                {"message", message}});
                    },
                    [call](std::function<void()> cancel) {
                      std::lock_guard lock(call->mutex);
                      call->cancel = std::move(cancel);
                      if (call->cancelled) call->cancel();
                    }};
    json result;
    try {
      result = tool_result_json(tool->call(arguments, ctx), context.version);
    } catch (const std::exception& e) {  // a bug must not take the server down with every trace
      result = tool_result_json(tool_error(fmt::format("internal error in {}: {}", tool->name, e.what())),
                                context.version);
    }
    {
      std::lock_guard lock(calls_mutex_);
      calls_.erase(id.dump());
    }
    if (!call->cancelled) writer_.result(id, finish_result(result, context));
    call->finished = true;
  });
}

void Server::reap_finished_calls() {
  std::lock_guard lock(calls_mutex_);
  for (auto it = all_calls_.begin(); it != all_calls_.end();) {
    if ((*it)->finished) {
      (*it)->thread.join();
      it = all_calls_.erase(it);
    } else {
      ++it;
    }
  }
}

// Stops every trace, then waits for the calls in progress: they end promptly and their answers are still
// written (a client that sends a request and closes its end of the pipe gets them).
void Server::shutdown() {
  traces_.stop_all();
  std::list<std::shared_ptr<Call>> calls;
  {
    std::lock_guard lock(calls_mutex_);
    calls.swap(all_calls_);
  }
  for (auto& call : calls) {
    if (call->thread.joinable()) call->thread.join();
  }
}

}  // namespace

int serve(const Session& session, const ServerOptions& options, int in_fd, int out_fd) {
  BpftraceRunner runner;
  return serve_with(session, options, runner, in_fd, out_fd);
}

int serve_with(const Session& session, const ServerOptions& options, Runner& runner, int in_fd, int out_fd) {
  Server server(session, options, runner, out_fd);
  int stop_fd = install_stop_signal_pipe();
  session.log(fmt::format("mcp: serving on stdio{}{}", options.read_only ? ", read-only" : "",
                          session.policy.unsafe ? ", unsafe builtins allowed" : ""));
  std::string pending;
  bool skipping_long_line = false;
  char buf[65536];
  bool open = true;
  while (open) {
    pollfd fds[2] = {{in_fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[1].revents) {
      session.log("mcp: stop signal");
      break;
    }
    ssize_t n = ::read(in_fd, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) break;  // end of input: the client is gone
    std::string_view data(buf, static_cast<size_t>(n));
    if (skipping_long_line) {
      size_t nl = data.find('\n');
      if (nl == std::string_view::npos) continue;
      skipping_long_line = false;
      data.remove_prefix(nl + 1);
    }
    pending.append(data);
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      server.handle_line(std::string_view(pending).substr(start, nl - start));
    }
    pending.erase(0, start);
    if (pending.size() > kMaxLineBytes) {
      server.handle_line("{");  // answered as a parse error; the rest of the line is skipped
      pending.clear();
      skipping_long_line = true;
    }
  }
  if (!pending.empty()) server.handle_line(pending);
  session.log("mcp: shutting down; stopping every trace");
  server.shutdown();
  return 0;
}

}  // namespace gpttrace::mcp
