// Prompt text. Kept compact: the first call's prompt must stay under ~6,000 tokens with examples.
#include "llm/prompt.h"

#include <fmt/format.h>

#include <algorithm>

#include "check/checks.h"
#include "kernel/catalog.h"
#include "kernel/probe_types.h"

namespace gpttrace {

namespace {


std::string trim(std::string_view text) {
  size_t b = text.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(b, e - b + 1));
}

// The text after leading comments (// and /* */), preprocessor lines (#include, #define, #!) and blanks.
std::string_view after_preamble(std::string_view text) {
  while (true) {
    size_t start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return {};
    text.remove_prefix(start);
    if (text.starts_with("//") || text.starts_with("#")) {
      size_t nl = text.find('\n');
      // A preprocessor line continued with a backslash goes on to the next line.
      while (text.starts_with("#") && nl != std::string_view::npos && nl > 0 && text[nl - 1] == '\\') {
        nl = text.find('\n', nl + 1);
      }
      if (nl == std::string_view::npos) return {};
      text.remove_prefix(nl + 1);
    } else if (text.starts_with("/*")) {
      size_t end = text.find("*/", 2);
      if (end == std::string_view::npos) return {};
      text.remove_prefix(end + 2);
    } else {
      return text;
    }
  }
}

// True when the first line after comments and preprocessor lines starts like a probe: "BEGIN",
// "tracepoint:...", "kprobe:...".
bool looks_like_program(std::string_view text) {
  std::string body = trim(after_preamble(text));
  if (body.find('{') == std::string::npos) return false;
  size_t end = body.find_first_of(":{ \n/");
  std::string head = body.substr(0, end);
  return head == "BEGIN" || head == "END" || (end != std::string::npos && body[end] == ':' && probe_type_from_name(head));
}

std::string first_sentence(std::string_view text) {
  std::string t = trim(text);
  size_t end = std::string::npos;
  for (std::string_view stop : {". ", ".\n", "。"}) end = std::min(end, t.find(stop));
  if (end != std::string::npos) t = t.substr(0, end + (t.compare(end, 3, "。") == 0 ? 3 : 1));
  std::replace(t.begin(), t.end(), '\n', ' ');
  return t.size() > 240 ? t.substr(0, 237) + "..." : t;
}

}  // namespace

std::string machine_facts(const KernelCatalog& catalog) {
  KernelInfo k = catalog.kernel();
  BpftraceInfo b = catalog.bpftrace();
  std::string out = fmt::format("- kernel {} {}, BTF {}, tracefs {}\n", k.release, k.machine, k.btf ? "yes" : "no",
                                k.tracefs.empty() ? "not mounted" : k.tracefs);
  out += b.found ? fmt::format("- bpftrace {}\n", b.version) : "- bpftrace: not installed\n";
  std::string yes, no;
  for (ProbeType type : all_probe_types()) {
    ProbeSupport s = catalog.support(type);
    if (s.available) {
      yes += fmt::format("{}{}", yes.empty() ? "" : ", ", probe_type_name(type));
    } else {
      no += fmt::format("  - {}: {}{}\n", probe_type_name(type), s.reason,
                        s.alternative.empty() ? "" : "; use " + s.alternative + " instead");
    }
  }
  out += "- probe types that attach here: " + yes + ", BEGIN, END\n";
  if (!no.empty()) out += "- probe types that do NOT attach here (never use them):\n" + no;
  return out;
}

std::string system_prompt(const KernelCatalog& catalog, bool tools) {
  BpftraceInfo b = catalog.bpftrace();
  std::string out =
      "You write one bpftrace program that answers a Linux tracing request. gpttrace checks it against this "
      "machine, shows it to the user and runs it with bpftrace; the user sees the results.\n\n"
      "Machine facts (detected now):\n" + machine_facts(catalog) + "\nbpftrace rules for this version:\n";
  out += b.args_dot ? "- tracepoint fields are args.FIELD\n" : "- tracepoint fields are args->FIELD (args.FIELD is rejected)\n";
  out += b.fentry_spelling ? "- kernel function probes are fentry:/fexit:\n" : "- kernel function probes are spelled kfunc:/kretfunc: (not fentry)\n";
  out +=
      "- BEGIN and END are upper case; strings: str(ptr); __data_loc and char* fields need str(args->FIELD)\n"
      "- only use probes and fields that exist here; prefer tracepoints (syscalls:sys_enter_*/sys_exit_*, "
      "sched:*, block:*, tcp:*, sock:*)\n"
      "- aggregate in the kernel with maps (count(), sum(), hist(), lhist(), avg(), stats()) keyed by small "
      "values such as comm or pid; printf per event only when the user asks for a list of events\n"
      "- do not call exit(): gpttrace stops the program (duration or Ctrl-C) and prints every map; clear only "
      "helper maps (e.g. start times) in END\n"
      "- " + unsafe_builtin_names() + " are refused\n"
      "- latency: store nsecs in a map keyed by tid at entry, compute and delete it at exit\n\n";
  if (tools) {
    out +=
        "Use the tools to look up what exists here (search_probes, probe_info, binary_symbols, search_examples); "
        "check_program is optional. Then call submit_program with the complete program and a one-sentence "
        "statement of what it measures, written in the language of the request. If a submission is refused, "
        "fix it from the diagnostics and submit again.\n";
  } else {
    out +=
        "Answer with one sentence saying what the program measures (in the language of the request), then the "
        "complete program in one ```bpftrace fenced block, and nothing else. If gpttrace refuses it, fix it from "
        "the diagnostics and answer the same way.\n";
  }
  return out;
}

std::string user_prompt(std::string_view request, const std::vector<WorkedExample>& examples, size_t example_count,
                        const std::optional<PreviousProgram>& previous) {
  std::string out;
  if (previous) {
    out += fmt::format("Earlier request: {}\nIts program:\n```bpftrace\n{}```\n", previous->request, previous->program);
    out += fmt::format("Follow-up request (change the program above accordingly): {}\n", request);
  } else {
    out += fmt::format("Request: {}\n", request);
  }
  std::vector<const WorkedExample*> picked = rank_examples(examples, request, example_count);
  for (size_t i = 0; picked.empty() && i < examples.size() && i < std::min<size_t>(example_count, 2); ++i) {
    picked.push_back(&examples[i]);
  }
  if (!picked.empty()) out += "\nWorking programs for this machine (examples):\n";
  for (const WorkedExample* e : picked) out += fmt::format("# {}\n{}\n", e->request, e->program);
  return out;
}

std::optional<ExtractedProgram> extract_program(std::string_view answer) {
  for (size_t open = answer.find("```"); open != std::string_view::npos; open = answer.find("```", open + 3)) {
    size_t body = answer.find('\n', open);
    if (body == std::string_view::npos) break;
    size_t close = answer.find("```", body);
    if (close == std::string_view::npos) close = answer.size();  // an unterminated fence at the end
    std::string_view code = answer.substr(body + 1, close - body - 1);
    if (looks_like_program(code)) {
      std::string outside = std::string(answer.substr(0, open));
      if (trim(outside).empty() && close + 3 < answer.size()) outside = std::string(answer.substr(close + 3));
      return ExtractedProgram{trim(code) + "\n", first_sentence(outside)};
    }
    open = close;
  }
  if (looks_like_program(answer)) return ExtractedProgram{trim(answer) + "\n", {}};
  return std::nullopt;
}

}  // namespace gpttrace
