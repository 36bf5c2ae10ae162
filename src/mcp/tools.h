// The MCP tools of gpttrace: their schemas and annotations (the contract clients see) and their handlers,
// each a thin client of the pipeline. A failure of the tool is an isError result the model can act on.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mcp/jsonrpc.h"
#include "mcp/traces.h"
#include "pipeline/failure.h"
#include "pipeline/session.h"

namespace gpttrace::mcp {

inline constexpr size_t kResultCapBytes = 64 * 1024;  // one tool result, structured data and text
inline constexpr double kDefaultRunSeconds = 5;
inline constexpr double kMaxRunSeconds = 30;          // run_trace waits this long at most (client timeouts)
inline constexpr double kMaxStartSeconds = 3600;      // start_trace runs at most this long

// What a handler may use besides its arguments.
struct ToolContext {
  const Session& session;
  TraceTable& traces;
  // Sends notifications/progress when the client gave a progress token; otherwise does nothing.
  std::function<void(double progress, double total, const std::string& message)> progress;
  // Registers what cancels this call (stops its trace); replaced by later calls.
  std::function<void(std::function<void()>)> on_cancel;
};

struct ToolResult {
  json structured = json::object();  // matches the tool's outputSchema
  std::string text;                  // the same for people and older clients: a summary
  bool is_error = false;
};

struct Tool {
  std::string name;
  std::string title;
  std::string description;
  json input_schema;
  json output_schema;
  json annotations;
  bool loads_programs = false;  // hidden by --read-only
  std::function<ToolResult(const json& arguments, ToolContext& context)> call;
};

// Every tool; `read_only` leaves out those that load programs.
std::vector<const Tool*> listed_tools(bool read_only);
const Tool* find_tool(const std::string& name, bool read_only);

// A tool result as MCP content for `version` (structuredContent from 2025-06-18 on, the JSON in the text
// before), cut to kResultCapBytes with the cut stated.
json tool_result_json(const ToolResult& result, const std::string& version);

// Helpers shared by the tool files.
ToolResult tool_error(const std::string& message, json details = json::object());
// A pipeline failure as a tool error: its report (diagnostics) and message in the text, and its kind,
// fix, diagnostics and suggestions as details.
ToolResult failure_result(const Failure& failed);
json object_schema(json properties, json required);
json string_list_schema();
// MCP tool annotations (hints): gpttrace never destroys anything and reaches nothing outside the machine.
json tool_annotations(bool read_only, bool idempotent);
std::optional<std::string> string_arg(const json& args, const char* name, bool required, std::string& error);
std::optional<double> number_arg(const json& args, const char* name, double min, double max, std::string& error);

// The trace tools (trace_tools.cpp).
const Tool& run_trace_tool();
const Tool& start_trace_tool();
const Tool& get_trace_tool();
const Tool& stop_trace_tool();

}  // namespace gpttrace::mcp
