// The read-only tools (plan_trace, check_program, list_probes, ask, examples), the tool table, argument
// helpers and the result envelope with its size cap.
#include "mcp/tools.h"

#include <fmt/format.h>

#include "kernel/catalog.h"
#include "kernel/search.h"
#include "knowledge/ask.h"
#include "knowledge/knowledge.h"
#include "pipeline/check.h"
#include "mcp/protocol.h"
#include "pipeline/planner.h"

namespace gpttrace::mcp {

namespace {

const json kStringList = string_list_schema();

json diagnostics_json(const Diagnostics& diags) {
  json out = json::array();
  for (const Diagnostic& d : diags.items()) {
    out.push_back({{"severity", d.severity == Severity::Error ? "error" : d.severity == Severity::Warning ? "warning" : "note"},
                   {"code", d.code}, {"message", d.message}, {"line", d.loc.line}, {"column", d.loc.col_begin},
                   {"hints", d.hints}});
  }
  return out;
}

ToolResult plan_trace(const json& args, ToolContext& ctx) {
  std::string error;
  std::optional<std::string> request = string_arg(args, "request", true, error);
  std::optional<std::string> language = string_arg(args, "language", false, error);
  if (!request || !error.empty()) return tool_error(error);
  if (language && *language != "en" && *language != "zh") {
    return tool_error("invalid arguments: \"language\" must be \"en\" or \"zh\"");
  }
  Outcome<Plan> plan = plan_request(*request, ctx.session, true, language);
  if (!plan) return failure_result(plan.error());
  Outcome<CheckedProgram> checked = check_candidate(plan->candidate, ctx.session, CompileCheck::Skip);
  ToolResult r;
  r.structured = {{"program", plan->candidate.source},
                  {"description", plan->candidate.description},
                  {"plan", describe_spec(*plan->candidate.spec)},
                  {"language", plan->candidate.spec->language},
                  {"probes", plan->probes},
                  {"notes", plan->candidate.notes},
                  {"passes_checks", checked.has_value()}};
  if (plan->duration_seconds) r.structured["duration_s"] = *plan->duration_seconds;
  if (!checked) r.structured["diagnostics"] = diagnostics_json(checked.error().diagnostics);
  r.text = fmt::format("{}\n\n{}", plan->candidate.description, plan->candidate.source);
  for (const std::string& note : plan->candidate.notes) r.text += "note: " + note + "\n";
  return r;
}

ToolResult check_program_tool(const json& args, ToolContext& ctx) {
  std::string error;
  std::optional<std::string> program = string_arg(args, "program", true, error);
  if (!program) return tool_error(error);
  Outcome<CheckedProgram> checked =
      check_candidate(Candidate{*program, Origin::User, {}, {}, {}, {}}, ctx.session, CompileCheck::IfPossible);
  if (!checked) return failure_result(checked.error());
  ToolResult r;
  r.structured = {{"ok", true}, {"compiled", checked->compiled()}, {"warnings", diagnostics_json(checked->warnings())}};
  r.text = checked->compiled() ? "OK: passes gpttrace's checks and bpftrace's compiler"
                               : "OK: passes gpttrace's checks (bpftrace's compile check could not run here)";
  if (!checked->warnings().empty()) r.text += "\n" + checked->warnings().format(*program, "program");
  return r;
}

ToolResult list_probes(const json& args, ToolContext& ctx) {
  std::string error;
  std::optional<std::string> pattern = string_arg(args, "pattern", true, error);
  std::optional<double> limit = number_arg(args, "limit", 1, 1000, error);
  if (!pattern || !error.empty()) return tool_error(error);
  size_t wanted = static_cast<size_t>(limit.value_or(50));
  std::vector<ProbeMatch> matches = search_probes(ctx.session.catalog, *pattern, 100000);
  json probes = json::array();
  for (size_t i = 0; i < matches.size() && i < wanted; ++i) {
    probes.push_back({{"probe", matches[i].probe}, {"type", probe_type_name(matches[i].type)},
                      {"attachable", matches[i].attachable}});
  }
  ToolResult r;
  r.structured = {{"probes", probes}, {"total", matches.size()}, {"truncated", matches.size() > wanted}};
  r.text = fmt::format("{} probe(s) match '{}'{}", matches.size(), *pattern,
                       matches.size() > wanted ? fmt::format("; the first {} are listed", wanted) : "");
  for (const json& p : probes) r.text += "\n" + p["probe"].get<std::string>() + (p["attachable"] ? "" : "  (cannot attach here)");
  return r;
}

ToolResult ask(const json& args, ToolContext& ctx) {
  std::string error;
  std::optional<std::string> question = string_arg(args, "question", true, error);
  if (!question) return tool_error(error);
  AskAnswer answer = answer_question(*question, ctx.session.catalog, kallsyms_lookup());
  json facts = json::array();
  for (const AskFact& f : answer.facts) facts.push_back({{"fact", f.text}, {"source", f.source}});
  ToolResult r;
  r.structured = {{"understood", answer.understood}, {"language", answer.language}, {"answer", answer.prose},
                  {"facts", facts}, {"try", answer.try_next}};
  r.text = answer.prose;
  for (const AskFact& f : answer.facts) r.text += fmt::format("\n- {} [{}]", f.text, f.source);
  return r;
}

ToolResult examples(const json& args, ToolContext& ctx) {
  std::string error;
  std::optional<std::string> query = string_arg(args, "query", true, error);
  std::optional<double> limit = number_arg(args, "limit", 1, 20, error);
  if (!query || !error.empty()) return tool_error(error);
  Result<Knowledge> kb = Knowledge::open(KnowledgeOptions{}, ctx.session.catalog);
  if (!kb) return tool_error(kb.error().message + (kb.error().fix.empty() ? "" : "; " + kb.error().fix));
  json list = json::array();
  ToolResult r;
  for (const ExampleMatch& m : kb->search_examples(*query, static_cast<size_t>(limit.value_or(5)))) {
    list.push_back({{"id", m.example.id}, {"title", m.example.title}, {"description", m.example.en},
                    {"description_zh", m.example.zh}, {"runnable", m.runnable}, {"program", m.example.source}});
    r.text += fmt::format("== {} ({}){}\n{}\n{}\n", m.example.title, m.example.id,
                          m.runnable ? "" : " [cannot attach here]", m.example.en, m.example.source);
  }
  r.structured = {{"examples", list}};
  if (list.empty()) r.text = fmt::format("no example matches '{}'", *query);
  return r;
}

const std::vector<Tool>& read_only_tools() {
  static const std::vector<Tool> tools = {
      {"plan_trace", "Plan a trace",
       "Turn a plain-language tracing request (English or Chinese) into a bpftrace program for this machine, "
       "offline. Returns the program, the plan, notes and probes. Loads nothing.",
       object_schema({{"request", {{"type", "string"}, {"description", "e.g. 'count syscalls by process for 5 seconds'"}}},
                      {"language", {{"type", "string"}, {"enum", {"en", "zh"}},
                                    {"description", "language of the description (default: the request's)"}}}},
                     {"request"}),
       object_schema({{"program", {{"type", "string"}}}, {"description", {{"type", "string"}}},
                      {"plan", {{"type", "string"}}}, {"language", {{"type", "string"}}}, {"probes", kStringList},
                      {"notes", kStringList}, {"passes_checks", {{"type", "boolean"}}},
                      {"duration_s", {{"type", "number"}}}, {"diagnostics", {{"type", "array"}}}},
                     {"program", "description", "plan", "probes", "notes", "passes_checks"}),
       tool_annotations(true, true), false, plan_trace},
      {"check_program", "Check a bpftrace program",
       "Run gpttrace's checks (probes and fields exist on this kernel, probe types attach here, no unsafe builtins "
       "unless the server allows them) and bpftrace's compile check. Diagnostics come back as a tool error with "
       "line, column and hints, so the program can be repaired. Loads nothing.",
       object_schema({{"program", {{"type", "string"}, {"description", "a complete bpftrace program"}}}}, {"program"}),
       object_schema({{"ok", {{"type", "boolean"}}}, {"compiled", {{"type", "boolean"}}}, {"warnings", {{"type", "array"}}}},
                     {"ok", "compiled", "warnings"}),
       tool_annotations(true, true), false, check_program_tool},
      {"list_probes", "List probes",
       "Search the probes this machine has (tracepoints, kernel functions, software and hardware events) by "
       "words or a glob; says which can attach here.",
       object_schema({{"pattern", {{"type", "string"}, {"description", "words or a glob, e.g. 'tcp' or 'syscalls:sys_enter_open*'"}}},
                      {"limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}, {"default", 50}}}},
                     {"pattern"}),
       object_schema({{"probes", {{"type", "array"}}}, {"total", {{"type", "integer"}}}, {"truncated", {{"type", "boolean"}}}},
                     {"probes", "total", "truncated"}),
       tool_annotations(true, true), false, list_probes},
      {"ask", "Ask what can be traced",
       "Answer a question about tracing this machine ('can I trace kfree_skb?', 'fields of sched:sched_switch') "
       "from facts read from the live kernel, each with its source.",
       object_schema({{"question", {{"type", "string"}}}}, {"question"}),
       object_schema({{"understood", {{"type", "boolean"}}}, {"language", {{"type", "string"}}},
                      {"answer", {{"type", "string"}}}, {"facts", {{"type", "array"}}}, {"try", kStringList}},
                     {"understood", "answer", "facts"}),
       tool_annotations(true, true), false, ask},
      {"examples", "Find example programs",
       "Example bpftrace programs matching a query, rendered for the installed bpftrace, with whether they can "
       "run here.",
       object_schema({{"query", {{"type", "string"}}}, {"limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 20}, {"default", 5}}}},
                     {"query"}),
       object_schema({{"examples", {{"type", "array"}}}}, {"examples"}), tool_annotations(true, true), false, examples},
  };
  return tools;
}

}  // namespace

std::vector<const Tool*> listed_tools(bool read_only) {
  std::vector<const Tool*> out;
  for (const Tool& t : read_only_tools()) out.push_back(&t);
  if (!read_only) {
    for (const Tool* t : {&run_trace_tool(), &start_trace_tool(), &get_trace_tool(), &stop_trace_tool()}) out.push_back(t);
  }
  return out;
}

const Tool* find_tool(const std::string& name, bool read_only) {
  for (const Tool* t : listed_tools(read_only)) {
    if (t->name == name) return t;
  }
  return nullptr;
}

json object_schema(json properties, json required) {
  return json{{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)}};
}

json tool_annotations(bool read_only, bool idempotent) {
  return json{{"readOnlyHint", read_only}, {"destructiveHint", false}, {"idempotentHint", idempotent},
              {"openWorldHint", false}};
}

json string_list_schema() { return json{{"type", "array"}, {"items", {{"type", "string"}}}}; }

ToolResult failure_result(const Failure& failed) {
  json details = {{"kind", failure_kind_name(failed.kind)}, {"fix", failed.fix}};
  if (!failed.diagnostics.empty()) details["diagnostics"] = diagnostics_json(failed.diagnostics);
  if (!failed.suggestions.empty()) details["suggestions"] = failed.suggestions;
  ToolResult r = tool_error(failed.message + (failed.fix.empty() ? "" : "; " + failed.fix), details);
  if (!failed.report.empty()) r.text = failed.report + r.text;
  return r;
}

ToolResult tool_error(const std::string& message, json details) {
  ToolResult r;
  r.is_error = true;
  details["error"] = message;
  r.structured = std::move(details);
  r.text = message;
  return r;
}

std::optional<std::string> string_arg(const json& args, const char* name, bool required, std::string& error) {
  if (!args.contains(name)) {
    if (required) error = fmt::format("invalid arguments: \"{}\" (a string) is required", name);
    return std::nullopt;
  }
  if (!args[name].is_string() || (required && args[name].get<std::string>().find_first_not_of(" \t\n") == std::string::npos)) {
    error = fmt::format("invalid arguments: \"{}\" must be a non-empty string", name);
    return std::nullopt;
  }
  return args[name].get<std::string>();
}

std::optional<double> number_arg(const json& args, const char* name, double min, double max, std::string& error) {
  if (!args.contains(name) || args[name].is_null()) return std::nullopt;
  if (!args[name].is_number() || args[name].get<double>() < min || args[name].get<double>() > max) {
    error = fmt::format("invalid arguments: \"{}\" must be a number from {} to {}", name, min, max);
    return std::nullopt;
  }
  return args[name].get<double>();
}

json tool_result_json(const ToolResult& result, const std::string& version) {
  // An error carries no structuredContent (it would not match the output schema, and clients validate
  // it): its details go into the text. Before 2025-06-18 the text carries the structured data too.
  const bool structured = has_structured_content(version) && !result.is_error;
  std::string text = result.text;
  if (!structured && !(result.is_error && result.structured.size() <= 1)) {
    text += "\n\n" + result.structured.dump(1, ' ', false, json::error_handler_t::replace);
  }
  if (text.size() > kResultCapBytes / 2) {
    text.resize(kResultCapBytes / 2);
    text += fmt::format("\n... (cut at {} KiB)", kResultCapBytes / 2048);
  }
  json out = {{"content", json::array({{{"type", "text"}, {"text", text}}})}, {"isError", result.is_error}};
  if (structured) out["structuredContent"] = result.structured;
  return out;
}

}  // namespace gpttrace::mcp
