// The tools that load programs: run_trace (wait for a short trace), start_trace/get_trace/stop_trace (a
// longer one by id). Every program goes through the pipeline's check first; results are capped and paged.
#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "mcp/tools.h"
#include "pipeline/check.h"
#include "pipeline/planner.h"
#include "results/render.h"

namespace gpttrace::mcp {

namespace {

using namespace std::chrono_literals;

constexpr size_t kDefaultTop = 20;         // map rows per map
constexpr size_t kRunTraceEvents = 500;    // events in a run_trace result (more: start_trace + get_trace)
constexpr size_t kDefaultPage = 200;
constexpr size_t kMaxPage = 1000;

const json kStringList = string_list_schema();

json program_or_request_schema(double default_s, double max_s) {
  return object_schema(
      {{"request", {{"type", "string"}, {"description", "what to trace, in English or Chinese (planned offline)"}}},
       {"program", {{"type", "string"}, {"description", "a bpftrace program (checked before it loads)"}}},
       {"duration_s", {{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", max_s}, {"default", default_s}}},
       {"top", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}, {"default", kDefaultTop},
                {"description", "rows kept per map, largest first"}}}},
      json::array());
}

json results_schema(json extra_properties, json required) {
  json properties = {{"state", {{"type", "string"}}},
                     {"program", {{"type", "string"}}},
                     {"description", {{"type", "string"}}},
                     {"stopped_by", {{"type", "string"}}},
                     {"elapsed_s", {{"type", "number"}}},
                     {"events", kStringList},
                     {"events_total", {{"type", "integer"}}},
                     {"maps", {{"type", "object"}}},
                     {"hists", {{"type", "object"}}},
                     {"stats", {{"type", "object"}}},
                     {"columns", {{"type", "object"},
                                  {"description", "per map: key titles and decoders, value title, unit"}}},
                     {"summary", kStringList},
                     {"notes", kStringList},
                     {"truncated", {{"type", "boolean"}}}};
  for (auto& [key, value] : extra_properties.items()) properties[key] = value;
  return object_schema(properties, std::move(required));
}

// The program for a run: `program` (checked as the user's) or `request` (planned, then checked), never
// both. The run itself is bpftrace's compile check, so a broken program fails before attaching.
Outcome<CheckedProgram> checked_from(const json& args, const Session& session, std::optional<double>& planned_s) {
  std::string error;
  std::optional<std::string> program = string_arg(args, "program", false, error);
  std::optional<std::string> request = string_arg(args, "request", false, error);
  if (!error.empty()) return failure(FailureKind::Usage, error);
  if (program.has_value() == request.has_value()) {
    return failure(FailureKind::Usage, "invalid arguments: give exactly one of \"request\" and \"program\"");
  }
  Candidate candidate{program.value_or(""), Origin::User, {}, {}, {}, {}};
  if (request) {
    Outcome<Plan> plan = plan_request(*request, session, false);
    if (!plan) return tl::unexpected(plan.error());
    candidate = plan->candidate;
    planned_s = plan->duration_seconds;
  }
  return check_candidate(std::move(candidate), session, CompileCheck::Skip);
}

std::optional<std::chrono::milliseconds> duration_from(const json& args, std::optional<double> planned_s,
                                                       double default_s, double max_s, std::string& error) {
  std::optional<double> seconds = number_arg(args, "duration_s", 0.001, max_s, error);
  if (!error.empty()) return std::nullopt;
  double s = seconds.value_or(std::min(planned_s.value_or(default_s), max_s));
  return std::chrono::milliseconds(static_cast<int64_t>(s * 1000));
}

// Keeps the `top` largest entries of every map (numeric values descending; strings by key).
void keep_top(Results& results, size_t top, json& cut) {
  for (MapResult& map : results.maps) {
    if (map.entries.size() <= top) continue;
    std::stable_sort(map.entries.begin(), map.entries.end(), [](const MapEntry& a, const MapEntry& b) {
      const auto* x = std::get_if<int64_t>(&a.value);
      const auto* y = std::get_if<int64_t>(&b.value);
      if (x && y) return *x > *y;
      return a.key < b.key;
    });
    cut[map.name] = map.entries.size();
    map.entries.resize(top);
  }
}

// Halves events, then map entries, until the result fits the cap with room for its text.
void fit_to_cap(json& out) {
  constexpr size_t kBudget = kResultCapBytes - 8 * 1024;
  auto size = [&] { return out.dump(-1, ' ', false, json::error_handler_t::replace).size(); };
  bool cut = false;
  while (size() > kBudget) {
    cut = true;
    json& events = out["events"];
    if (events.is_array() && !events.empty()) {
      events.erase(events.begin() + static_cast<std::ptrdiff_t>(events.size() / 2), events.end());
      continue;
    }
    bool shrunk = false;
    for (const char* kind : {"maps", "hists", "stats"}) {
      if (!out.contains(kind)) continue;
      for (auto& [name, entries] : out[kind].items()) {
        if (entries.is_array() && entries.size() > 1) {
          entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(entries.size() / 2), entries.end());
          shrunk = true;
        }
      }
    }
    if (!shrunk) break;
  }
  if (cut) {
    out["truncated"] = true;
    out["notes"].push_back(fmt::format("the result was cut to fit {} KiB: fewer events or map rows are shown than "
                                       "were recorded (page events with start_trace and get_trace)",
                                       kResultCapBytes / 1024));
  }
}

// The JSON of a trace: events [offset, offset+limit), and when it ended, its final results with what they
// mean (column titles, units, decoded keys), as the CLI shows them; `tables` gets the CLI's tables of them.
json trace_json(const Trace& trace, const Trace::Snapshot& s, size_t offset, size_t top,
                std::string& tables) {
  json out = {{"id", trace.id()},
              {"state", !s.done ? "running" : s.failure ? "failed" : "finished"},
              {"program", trace.program().source()},
              {"description", trace.program().candidate().description},
              {"elapsed_s", s.elapsed_s},
              {"events", s.events},
              {"offset", offset},
              {"next_offset", offset + s.events.size()},
              {"events_total", s.total_events},
              {"notes", trace.program().candidate().notes},
              {"truncated", false}};
  if (s.total_events > s.kept_events) {
    out["truncated"] = true;
    out["notes"].push_back(fmt::format("{} events were recorded; the first {} are kept", s.total_events, s.kept_events));
  }
  if (s.report) {
    Results results = s.report->results;
    json cut = json::object();
    keep_top(results, top, cut);
    const ResultsMeaning& meaning = s.report->meaning;
    json rendered = json::parse(render_json(results, {}, &meaning), nullptr, false);
    for (const char* key : {"maps", "hists", "stats", "columns"}) {
      if (rendered.is_object() && rendered.contains(key)) out[key] = rendered[key];
    }
    out["summary"] = summarize(s.report->results, &meaning);  // from all rows, not only the ones kept
    RenderOptions render;
    render.top_n = top;
    render.meaning = &meaning;
    tables = render_text(results, render);
    out["stopped_by"] = s.report->stopped_by;
    for (const std::string& note : s.report->notes) out["notes"].push_back(note);
    for (auto& [name, total] : cut.items()) {
      out["truncated"] = true;
      out["notes"].push_back(fmt::format("{} has {} entries; the {} largest are shown", name, total.get<size_t>(), top));
    }
  }
  fit_to_cap(out);
  return out;
}

// The text of a trace result: a status line, the tables (titled as on the CLI), the summary and notes.
std::string text_summary(const json& out, const std::string& tables) {
  std::string text = fmt::format("{} {} ({:.1f} s, stopped by {}): {} event(s)", out.value("id", std::string("trace")),
                                 out.value("state", std::string()), out.value("elapsed_s", 0.0),
                                 out.value("stopped_by", std::string("-")), out.value("events_total", 0));
  if (!tables.empty()) text += "\n\n" + tables;
  if (out.contains("summary")) {
    for (const auto& sentence : out["summary"]) text += "\n" + sentence.get<std::string>();
  }
  for (const auto& note : out["notes"]) text += "\nnote: " + note.get<std::string>();
  return text;
}

std::optional<size_t> top_from(const json& args, std::string& error) {
  std::optional<double> top = number_arg(args, "top", 1, 1000, error);
  return static_cast<size_t>(top.value_or(kDefaultTop));
}

ToolResult run_trace(const json& args, ToolContext& ctx) {
  std::string error;
  size_t top = *top_from(args, error);
  if (!error.empty()) return tool_error(error);
  std::optional<double> planned_s;
  Outcome<CheckedProgram> checked = checked_from(args, ctx.session, planned_s);
  if (!checked) return failure_result(checked.error());
  std::optional<std::chrono::milliseconds> duration =
      duration_from(args, planned_s, kDefaultRunSeconds, kMaxRunSeconds, error);
  if (!duration) return tool_error(error);
  Outcome<std::shared_ptr<Trace>> started = ctx.traces.start(std::move(*checked), *duration);
  if (!started) return failure_result(started.error());
  std::shared_ptr<Trace> trace = *started;
  ctx.on_cancel([trace] { trace->stop(); });
  double total_s = std::chrono::duration<double>(*duration).count();
  while (!trace->wait_for(1s)) {
    Trace::Snapshot s = trace->snapshot(0, 0);
    ctx.progress(std::min(s.elapsed_s, total_s), total_s, fmt::format("{} event(s) so far", s.total_events));
  }
  Trace::Snapshot s = trace->snapshot(0, kRunTraceEvents);
  ctx.traces.forget(trace->id());
  if (s.failure) return failure_result(*s.failure);
  ToolResult r;
  std::string tables;
  r.structured = trace_json(*trace, s, 0, top, tables);
  r.structured.erase("id");  // a finished run_trace cannot be named again
  r.structured.erase("offset");
  r.structured.erase("next_offset");
  if (s.total_events > s.events.size()) {
    r.structured["truncated"] = true;
    r.structured["notes"].push_back(fmt::format("{} events; the first {} are shown (use start_trace and get_trace "
                                                "to page through more)", s.total_events, s.events.size()));
  }
  r.text = text_summary(r.structured, tables);
  return r;
}

ToolResult start_trace(const json& args, ToolContext& ctx) {
  std::string error;
  std::optional<double> planned_s;
  Outcome<CheckedProgram> checked = checked_from(args, ctx.session, planned_s);
  if (!checked) return failure_result(checked.error());
  std::optional<std::chrono::milliseconds> duration = duration_from(args, planned_s, 60, kMaxStartSeconds, error);
  if (!duration) return tool_error(error);
  Outcome<std::shared_ptr<Trace>> started = ctx.traces.start(std::move(*checked), *duration);
  if (!started) return failure_result(started.error());
  const Trace& trace = **started;
  ToolResult r;
  r.structured = {{"id", trace.id()}, {"state", "running"}, {"program", trace.program().source()},
                  {"description", trace.program().candidate().description},
                  {"duration_s", std::chrono::duration<double>(*duration).count()},
                  {"notes", trace.program().candidate().notes}};
  r.text = fmt::format("started {} for {:.1f} s; read it with get_trace {{\"id\": \"{}\"}}, end it with stop_trace",
                       trace.id(), std::chrono::duration<double>(*duration).count(), trace.id());
  return r;
}

// get_trace and stop_trace: the trace named by "id", paged.
ToolResult read_trace(const json& args, ToolContext& ctx, bool stop) {
  std::string error;
  std::optional<std::string> id = string_arg(args, "id", true, error);
  std::optional<double> offset = number_arg(args, "offset", 0, 1e12, error);
  std::optional<double> limit = number_arg(args, "limit", 0, kMaxPage, error);
  size_t top = *top_from(args, error);
  if (!id || !error.empty()) return tool_error(error);
  std::shared_ptr<Trace> trace = ctx.traces.find(*id);
  if (!trace) return tool_error(fmt::format("no trace '{}'", *id), {{"fix", "start one with start_trace"}});
  if (stop) {
    trace->stop();
    trace->wait_for(10s);
  }
  Trace::Snapshot s = trace->snapshot(static_cast<size_t>(offset.value_or(0)),
                                      static_cast<size_t>(limit.value_or(kDefaultPage)));
  if (s.failure) return failure_result(*s.failure);
  ToolResult r;
  std::string tables;
  r.structured = trace_json(*trace, s, static_cast<size_t>(offset.value_or(0)), top, tables);
  r.text = text_summary(r.structured, tables);
  return r;
}

json trace_id_schema(bool paged) {
  json properties = {{"id", {{"type", "string"}, {"description", "the id start_trace returned"}}}};
  if (paged) {
    properties["offset"] = {{"type", "integer"}, {"minimum", 0}, {"default", 0}};
    properties["limit"] = {{"type", "integer"}, {"minimum", 0}, {"maximum", kMaxPage}, {"default", kDefaultPage}};
    properties["top"] = {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}, {"default", kDefaultTop}};
  }
  return object_schema(properties, {"id"});
}

const json kPagedProperties = {{"id", {{"type", "string"}}}, {"offset", {{"type", "integer"}}},
                               {"next_offset", {{"type", "integer"}}}};

}  // namespace

const Tool& run_trace_tool() {
  static const Tool tool{
      "run_trace", "Run a short trace",
      fmt::format("Trace this machine for a few seconds and return the results as data: give a plain-language "
                  "'request' or a bpftrace 'program'. The program is checked against the live kernel before it "
                  "loads. duration_s defaults to {} and is at most {}; events are capped at {} (longer: "
                  "start_trace), maps keep the 'top' rows. Says why it stopped and whether output was cut.",
                  kDefaultRunSeconds, kMaxRunSeconds, kRunTraceEvents),
      program_or_request_schema(kDefaultRunSeconds, kMaxRunSeconds),
      results_schema(json::object(), {"state", "program", "events", "events_total", "stopped_by", "truncated"}),
      tool_annotations(false, false), true, run_trace};
  return tool;
}

const Tool& start_trace_tool() {
  static const Tool tool{
      "start_trace", "Start a long trace",
      fmt::format("Start a checked trace in the background (like run_trace; duration_s defaults to 60, at most "
                  "{}) and return its id at once. Read it with get_trace, end it with stop_trace.",
                  kMaxStartSeconds),
      program_or_request_schema(60, kMaxStartSeconds),
      object_schema({{"id", {{"type", "string"}}}, {"state", {{"type", "string"}}}, {"program", {{"type", "string"}}},
                     {"description", {{"type", "string"}}}, {"duration_s", {{"type", "number"}}}, {"notes", kStringList}},
                    {"id", "state", "program"}),
      tool_annotations(false, false), true, start_trace};
  return tool;
}

const Tool& get_trace_tool() {
  static const Tool tool{
      "get_trace", "Read a trace",
      "The state of a trace started with start_trace: events from 'offset' (at most 'limit', default 200, max "
      "1000; continue at next_offset), and once it ended, its maps, histograms, their column titles and "
      "units, and a summary.",
      trace_id_schema(true), results_schema(kPagedProperties, {"id", "state", "events", "events_total", "next_offset"}),
      tool_annotations(true, false), true, [](const json& args, ToolContext& ctx) { return read_trace(args, ctx, false); }};
  return tool;
}

const Tool& stop_trace_tool() {
  static const Tool tool{
      "stop_trace", "Stop a trace",
      "Stop a trace started with start_trace (bpftrace prints its final maps) and return its results like "
      "get_trace; the events stay readable with get_trace.",
      trace_id_schema(false), results_schema(kPagedProperties, {"id", "state", "events", "events_total", "next_offset"}),
      tool_annotations(false, true), true, [](const json& args, ToolContext& ctx) { return read_trace(args, ctx, true); }};
  return tool;
}

}  // namespace gpttrace::mcp
