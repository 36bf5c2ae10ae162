// Tool answers from the catalog: probe search, fields and parameters, binary symbols, examples, checks.
#include "llm/tools.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "check/checks.h"
#include "kernel/catalog.h"
#include "kernel/search.h"

namespace gpttrace {

namespace {

using json = nlohmann::json;

constexpr size_t kToolAnswerCap = 3000;

std::string cap(std::string text) {
  if (text.size() > kToolAnswerCap) text = text.substr(0, kToolAnswerCap) + "\n... (truncated)";
  return text;
}

std::string schema(std::initializer_list<std::pair<const char*, const char*>> props,
                   std::initializer_list<const char*> required) {
  json p = json::object();
  for (const auto& [name, description] : props) p[name] = {{"type", "string"}, {"description", description}};
  return json{{"type", "object"}, {"properties", p}, {"required", json(required)}}.dump();
}

std::string field_line(const TracepointField& f) {
  std::string how = f.data_loc ? "  (read with str(args->" + f.name + "))"
                    : f.type.find("char *") != std::string::npos ? "  (a user/kernel pointer: str(args->" + f.name + "))"
                                                                 : "";
  return fmt::format("  {} {}{}\n", f.type, f.name, how);
}

std::string probe_info(const std::string& probe, const KernelCatalog& catalog) {
  std::string text = probe;
  for (const char* prefix : {"tracepoint:", "t:"}) {
    if (text.rfind(prefix, 0) == 0) text = text.substr(std::string_view(prefix).size());
  }
  size_t colon = text.find(':');
  bool function_probe = false;
  for (const char* prefix : {"kprobe:", "kretprobe:", "kfunc:", "kretfunc:", "fentry:", "fexit:", "k:", "f:"}) {
    if (probe.rfind(prefix, 0) == 0) {
      function_probe = true;
      text = probe.substr(std::string_view(prefix).size());
    }
  }
  if (!function_probe && colon != std::string::npos) {
    auto tp = catalog.tracepoint(text.substr(0, colon), text.substr(colon + 1));
    if (!tp) {
      std::string out = fmt::format("no tracepoint {} on this kernel.", text);
      auto close = search_probes(catalog, text.substr(colon + 1), 5);
      if (!close.empty()) out += " Closest:";
      for (const ProbeMatch& m : close) out += " " + m.probe;
      return out;
    }
    std::string out = fmt::format("tracepoint:{} fields (args->NAME):\n", tp->full_name());
    for (const TracepointField& f : tp->fields) out += field_line(f);
    return out;
  }
  auto fn = catalog.kernel_function(text);
  if (!fn) return fmt::format("no kernel function or tracepoint named {} here; use search_probes", probe);
  std::string out = fmt::format("kernel function {} {}(", fn->return_type, fn->name);
  for (size_t i = 0; i < fn->params.size(); ++i) {
    out += fmt::format("{}{} {}", i ? ", " : "", fn->params[i].type, fn->params[i].name);
  }
  out += ")\n";
  ProbeSupport kfunc = catalog.support(ProbeType::Kfunc);
  ProbeSupport kprobe = catalog.support(ProbeType::Kprobe);
  if (!kfunc.available && !kprobe.available) {
    out += fmt::format("it cannot be probed here: {}; {}\n", kprobe.reason, kfunc.reason);
    auto alternatives = tracepoint_alternatives(catalog, fn->name);
    if (!alternatives.empty()) out += "use a tracepoint instead:";
    for (const std::string& a : alternatives) out += " tracepoint:" + a;
  }
  return out;
}

std::string binary_symbols(const std::string& binary, const std::string& filter, const KernelCatalog& catalog) {
  Result<std::string> path = catalog.resolve_binary(binary);
  if (!path) return fmt::format("cannot find binary {}: {}", binary, path.error().message);
  Result<std::vector<std::string>> symbols = catalog.user_symbols(*path);
  if (!symbols) return fmt::format("cannot read symbols of {}: {}", *path, symbols.error().message);
  std::string out = fmt::format("{} (uprobe:{}:SYMBOL), {} function symbols", *path, *path, symbols->size());
  out += filter.empty() ? ", first 60:\n" : fmt::format(" matching '{}':\n", filter);
  size_t shown = 0;
  for (const std::string& s : *symbols) {
    if (!filter.empty() && s.find(filter) == std::string::npos) continue;
    if (++shown > 60) break;
    out += "  " + s + "\n";
  }
  return out;
}

std::string examples_answer(const std::string& query, const std::vector<WorkedExample>& examples) {
  auto ranked = rank_examples(examples, query, 3);
  if (ranked.empty()) return "no example matches; try other words";
  std::string out;
  for (const WorkedExample* e : ranked) out += fmt::format("request: {}\nprogram:\n{}\n", e->request, e->program);
  return out;
}

}  // namespace

std::vector<ToolSpec> agent_tools() {
  return {
      {"search_probes", "Search probes that exist on this machine (tracepoints, kernel functions, software events) "
                        "by words or a glob; says which can attach here.",
       schema({{"query", "words or a glob, e.g. 'tcp retransmit' or 'syscalls:sys_enter_open*'"}}, {"query"})},
      {"probe_info", "Fields of a tracepoint (with types and how to read them) or parameters of a kernel function.",
       schema({{"probe", "e.g. 'tracepoint:syscalls:sys_enter_openat' or 'kprobe:vfs_read'"}}, {"probe"})},
      {"binary_symbols", "Function symbols of a binary or library for uprobes.",
       schema({{"binary", "a name or path: 'bash', 'libc', '/usr/sbin/nginx'"}, {"filter", "substring to match"}},
              {"binary"})},
      {"search_examples", "Working programs for this machine for similar requests.",
       schema({{"query", "words of the request"}}, {"query"})},
      {"check_program", "Run gpttrace's checks and bpftrace's compile check on a draft; returns OK or diagnostics.",
       schema({{"program", "the complete bpftrace program"}}, {"program"})},
      {kSubmitTool, "Submit the final program. It is checked; errors come back to you.",
       schema({{"program", "the complete bpftrace program"},
               {"statement", "one sentence: what the program measures, in the user's language"}},
              {"program", "statement"})},
  };
}

Result<std::vector<std::string>> tool_string_args(const ToolCall& call, const std::vector<std::string>& names) {
  json args = json::parse(call.arguments.empty() ? std::string("{}") : call.arguments, nullptr, false);
  if (args.is_discarded() || !args.is_object()) {
    return fail(fmt::format("error: the arguments of {} are not a JSON object; send e.g. {{\"{}\": \"...\"}}",
                            call.name, names.empty() ? "query" : names.front()));
  }
  std::vector<std::string> values;
  for (std::string name : names) {
    bool optional = !name.empty() && name.back() == '?';
    if (optional) name.pop_back();
    auto it = args.find(name);
    if (it != args.end() && it->is_string() && !it->get<std::string>().empty()) {
      values.push_back(it->get<std::string>());
    } else if (optional) {
      values.emplace_back();
    } else {
      return fail(fmt::format("error: {} needs a string argument \"{}\"", call.name, name));
    }
  }
  return values;
}

std::string run_tool(const ToolCall& call, const KernelCatalog& catalog, const std::vector<WorkedExample>& examples,
                     const ProgramChecker& checker) {
  auto args = [&](std::vector<std::string> names) { return tool_string_args(call, names); };
  if (call.name == "search_probes") {
    auto a = args({"query"});
    if (!a) return a.error().message;
    auto matches = search_probes(catalog, (*a)[0], 25);
    if (matches.empty()) return "no probe matches " + (*a)[0];
    std::string out;
    for (const ProbeMatch& m : matches) out += m.probe + (m.attachable ? "\n" : "  (cannot attach here)\n");
    return cap(out);
  }
  if (call.name == "probe_info") {
    auto a = args({"probe"});
    return a ? cap(probe_info((*a)[0], catalog)) : a.error().message;
  }
  if (call.name == "binary_symbols") {
    auto a = args({"binary", "filter?"});
    return a ? cap(binary_symbols((*a)[0], (*a)[1], catalog)) : a.error().message;
  }
  if (call.name == "search_examples") {
    auto a = args({"query"});
    return a ? cap(examples_answer((*a)[0], examples)) : a.error().message;
  }
  if (call.name == "check_program") {
    auto a = args({"program"});
    return a ? cap(diagnostics_for_model(checker((*a)[0]), (*a)[0])) : a.error().message;
  }
  return fmt::format("error: there is no tool '{}'; the tools are search_probes, probe_info, binary_symbols, "
                     "search_examples, check_program, submit_program", call.name);
}

std::string diagnostics_for_model(const Diagnostics& diags, const std::string& source) {
  if (!diags.has_errors()) {
    return diags.empty() ? "OK: the program passes all checks" : "OK with warnings:\n" + diags.format(source, "program");
  }
  return "REFUSED: the program has errors; fix them and try again.\n" + diags.format(source, "program");
}

}  // namespace gpttrace
