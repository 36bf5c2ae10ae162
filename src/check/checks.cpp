// Static checks of a parsed program against the kernel catalog, each failure with a location and a fix.
#include "check/checks.h"

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "common/names.h"
#include "kernel/search.h"

namespace gpttrace {

namespace {

// bpftrace itself gates system, signal and override behind --unsafe; cat and skboutput are safe to bpftrace but
// read or write any file as root, so gpttrace gates them too (a program's output can reach an LLM provider).
constexpr UnsafeBuiltin kUnsafeBuiltins[] = {
    {"system", "runs a command"},
    {"signal", "sends a signal to the traced process"},
    {"override", "changes a kernel function's return value"},
    {"cat", "reads a file and prints it"},
    {"skboutput", "writes packets to a file"},
};

bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The identifiers in a preprocessor line, comments and strings included (a macro body is text to cpp).
std::vector<std::string_view> identifiers_in(std::string_view text) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < text.size();) {
    if (!is_ident_char(text[i])) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < text.size() && is_ident_char(text[i])) ++i;
    out.push_back(text.substr(start, i - start));
  }
  return out;
}

// Whether `#include` names a system header (<linux/sched.h>) rather than a file chosen by path.
bool includes_system_header(std::string_view directive) {
  size_t open = directive.find('<');
  size_t close = directive.find('>', open == std::string_view::npos ? 0 : open);
  if (open == std::string_view::npos || close == std::string_view::npos) return false;
  std::string_view path = directive.substr(open + 1, close - open - 1);
  return !path.empty() && path.front() != '/' && path.find("..") == std::string_view::npos;
}

const std::vector<std::string>& probe_type_names() {
  static const std::vector<std::string> names = {
      "BEGIN",     "END",      "tracepoint", "rawtracepoint", "kprobe",   "kretprobe", "kfunc",
      "kretfunc",  "fentry",   "fexit",      "uprobe",        "uretprobe", "usdt",     "profile",
      "interval",  "software", "hardware",   "watchpoint",    "iter"};
  return names;
}

std::vector<std::string> glob_matches(const std::vector<std::string>& names, const std::string& pattern,
                                      size_t stop_after) {
  std::vector<std::string> out;
  for (const std::string& name : names) {
    if (fnmatch(pattern.c_str(), name.c_str(), 0) == 0) {
      out.push_back(name);
      if (out.size() >= stop_after) break;
    }
  }
  return out;
}

bool is_uint(std::string_view s) {
  unsigned long long v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && ptr == s.data() + s.size() && !s.empty();
}

// Checks one program against the catalog; holds the shared state (diagnostics, probe count).
class Checker {
 public:
  Checker(const KernelCatalog& catalog, const CheckOptions& options, Diagnostics& diags)
      : catalog_(catalog), options_(options), diags_(diags), bpftrace_(catalog.bpftrace()) {}

  void run(const ParsedProgram& program) {
    for (const ProbeBlock& probe : program.probes) {
      std::vector<Tracepoint> tracepoints;  // the block's tracepoints, when all are exact
      bool exact_tracepoints_only = true;
      for (const AttachPoint& ap : probe.attach_points) {
        std::optional<Tracepoint> tp = check_attach_point(ap);
        if (tp) {
          tracepoints.push_back(std::move(*tp));
        } else {
          exact_tracepoints_only = false;
        }
      }
      for (const FieldAccess& field : probe.fields) check_field_syntax(field);
      if (exact_tracepoints_only && !tracepoints.empty()) {
        for (const FieldAccess& field : probe.fields) check_field(field, tracepoints);
      }
      for (const Call& call : probe.calls) check_call(call);
    }
    if (!options_.allow_unsafe) {
      for (const Directive& directive : program.directives) check_directive(directive);
    }
    if (total_probes_ > options_.max_probes) {
      diags_
          .error("too-many-probes",
                 fmt::format("the program would attach {} probes, more than the limit of {}", total_probes_,
                             options_.max_probes))
          .hints.push_back("narrow the wildcards, or raise the limit with --max-probes");
    }
  }

 private:
  // Returns the tracepoint (with fields) for an exact tracepoint attach point that exists.
  std::optional<Tracepoint> check_attach_point(const AttachPoint& ap) {
    if (!ap.type) {
      auto& d = diags_.error("unknown-probe-type", fmt::format("unknown probe type '{}'", ap.type_text), ap.loc);
      auto close = closest_names(ap.type_text, probe_type_names());
      if (!close.empty()) d.hints.push_back(fmt::format("did you mean {}?", join_alternatives(close)));
      return std::nullopt;
    }
    ProbeType type = *ap.type;
    if ((ap.type_text == "fentry" || ap.type_text == "fexit") && !bpftrace_.fentry_spelling) {
      diags_.error("dialect", fmt::format("bpftrace {} spells '{}' as '{}'", bpftrace_.version, ap.type_text,
                                          ap.type_text == "fentry" ? "kfunc" : "kretfunc"),
                   ap.loc);
    }
    ProbeSupport support = catalog_.support(type);
    if (!support.available) {
      report_unsupported(ap, type, support);
      return std::nullopt;
    }
    switch (type) {
      case ProbeType::Tracepoint:
        return check_tracepoint(ap);
      case ProbeType::Kprobe:
      case ProbeType::Kretprobe:
      case ProbeType::Kfunc:
      case ProbeType::Kretfunc:
        check_kernel_function(ap);
        break;
      case ProbeType::Uprobe:
      case ProbeType::Uretprobe:
        check_uprobe(ap);
        break;
      case ProbeType::Software:
        check_software(ap);
        break;
      case ProbeType::Profile:
      case ProbeType::Interval:
        check_timer(ap);
        break;
      default:
        total_probes_ += 1;
        break;
    }
    return std::nullopt;
  }

  void report_unsupported(const AttachPoint& ap, ProbeType type, const ProbeSupport& support) {
    auto& d = diags_.error("probe-type-unavailable",
                           fmt::format("{} probes cannot attach on this machine: {}", probe_type_name(type),
                                       support.reason),
                           ap.loc);
    bool function_probe = type == ProbeType::Kprobe || type == ProbeType::Kretprobe ||
                          type == ProbeType::Kfunc || type == ProbeType::Kretfunc;
    if (function_probe && !ap.parts.empty()) {
      std::string function = ap.parts.back();
      if (size_t plus = function.find('+'); plus != std::string::npos) function.resize(plus);
      auto alternatives = tracepoint_alternatives(catalog_, function);
      if (!alternatives.empty()) {
        for (std::string& alt : alternatives) alt = "tracepoint:" + alt;
        d.hints.push_back(fmt::format("use {} instead", join_alternatives(alternatives)));
        return;
      }
    }
    if (!support.alternative.empty()) d.hints.push_back(fmt::format("use {} probes instead", support.alternative));
  }

  std::optional<Tracepoint> check_tracepoint(const AttachPoint& ap) {
    if (ap.parts.size() != 2 || ap.parts[0].empty() || ap.parts[1].empty()) {
      diags_.error("bad-probe", fmt::format("'{}' is not a tracepoint: write tracepoint:CATEGORY:EVENT", ap.text),
                   ap.loc);
      return std::nullopt;
    }
    std::string full = ap.parts[0] + ":" + ap.parts[1];
    if (ap.wildcard) {
      count_wildcard(ap, glob_matches(catalog_.tracepoint_names(), full, options_.max_probes + 1).size());
      return std::nullopt;
    }
    std::optional<Tracepoint> tp = catalog_.tracepoint(ap.parts[0], ap.parts[1]);
    total_probes_ += 1;
    if (!tp) {
      auto& d = diags_.error("unknown-probe", fmt::format("this kernel has no tracepoint {}", full), ap.loc);
      auto close = closest_names(full, catalog_.tracepoint_names());
      if (close.empty()) close = same_event_elsewhere(ap.parts[1]);
      if (!close.empty()) {
        for (std::string& c : close) c = "tracepoint:" + c;
        d.hints.push_back(fmt::format("did you mean {}?", join_alternatives(close)));
      }
      d.hints.push_back("list what exists with: gpttrace probes '" + ap.parts[0] + ":*'");
    }
    return tp;
  }

  // Tracepoints with this event name in another category (a wrong category, right event).
  std::vector<std::string> same_event_elsewhere(std::string_view event) const {
    std::vector<std::string> out;
    for (const std::string& name : catalog_.tracepoint_names()) {
      if (std::string_view(name).substr(name.find(':') + 1) == event) out.push_back(name);
    }
    return out;
  }

  void count_wildcard(const AttachPoint& ap, size_t matches) {
    if (matches == 0) {
      diags_.error("unknown-probe", fmt::format("'{}' matches no probe on this machine", ap.text), ap.loc)
          .hints.push_back("list what exists with: gpttrace probes '" + ap.text + "'");
    }
    total_probes_ += matches;
  }

  void check_kernel_function(const AttachPoint& ap) {
    if (ap.parts.empty() || ap.parts.back().empty()) {
      diags_.error("bad-probe", fmt::format("'{}' names no kernel function", ap.text), ap.loc);
      return;
    }
    std::string function = ap.parts.back();
    if (size_t plus = function.find('+'); plus != std::string::npos) function.resize(plus);
    const auto& names = catalog_.kernel_function_names();
    if (names.empty()) {  // no BTF: nothing to check against; bpftrace will tell
      total_probes_ += 1;
      return;
    }
    if (ap.wildcard) {
      count_wildcard(ap, glob_matches(names, function, options_.max_probes + 1).size());
      return;
    }
    total_probes_ += 1;
    if (!std::binary_search(names.begin(), names.end(), function)) {
      auto& d = diags_.error("unknown-probe",
                             fmt::format("kernel function {} is not in this kernel's BTF (inlined, static or "
                                         "renamed)",
                                         function),
                             ap.loc);
      auto close = closest_names(function, names);
      if (!close.empty()) d.hints.push_back(fmt::format("did you mean {}?", join_alternatives(close)));
      auto alternatives = tracepoint_alternatives(catalog_, function);
      if (!alternatives.empty()) {
        for (std::string& alt : alternatives) alt = "tracepoint:" + alt;
        d.hints.push_back(fmt::format("or trace {}", join_alternatives(alternatives)));
      }
    }
  }

  void check_uprobe(const AttachPoint& ap) {
    if (ap.parts.size() < 2 || ap.parts[0].empty() || ap.parts.back().empty()) {
      diags_.error("bad-probe", fmt::format("'{}' needs a binary and a function: uprobe:BINARY:FUNCTION", ap.text),
                   ap.loc);
      return;
    }
    Result<std::string> path = catalog_.resolve_binary(ap.parts[0]);
    if (!path) {
      auto& d = diags_.error("unknown-binary", path.error().message, ap.loc);
      if (!path.error().fix.empty()) d.hints.push_back(path.error().fix);
      return;
    }
    std::string function = ap.parts.back();
    if (size_t plus = function.find('+'); plus != std::string::npos) function.resize(plus);
    if (is_uint(function) || function.rfind("0x", 0) == 0) {  // an address, not a symbol
      total_probes_ += 1;
      return;
    }
    Result<std::vector<std::string>> symbols = catalog_.user_symbols(*path);
    if (!symbols) {
      diags_.error("unknown-binary", symbols.error().message, ap.loc);
      return;
    }
    if (ap.wildcard) {
      count_wildcard(ap, glob_matches(*symbols, function, options_.max_probes + 1).size());
      return;
    }
    total_probes_ += 1;
    if (!std::binary_search(symbols->begin(), symbols->end(), function)) {
      auto& d = diags_.error("unknown-symbol", fmt::format("{} has no function '{}'", *path, function), ap.loc);
      auto close = closest_names(function, *symbols);
      if (!close.empty()) d.hints.push_back(fmt::format("did you mean {}?", join_alternatives(close)));
    }
  }

  void check_software(const AttachPoint& ap) {
    total_probes_ += 1;
    const auto& events = software_event_names();
    if (ap.parts.empty() || std::find(events.begin(), events.end(), ap.parts[0]) == events.end()) {
      auto& d = diags_.error("unknown-probe",
                             fmt::format("unknown software event '{}'", ap.parts.empty() ? "" : ap.parts[0]),
                             ap.loc);
      auto close = closest_names(ap.parts.empty() ? ap.text : ap.parts[0], events);
      if (!close.empty()) d.hints.push_back(fmt::format("did you mean {}?", join_alternatives(close)));
    }
  }

  void check_timer(const AttachPoint& ap) {
    total_probes_ += 1;
    static const std::vector<std::string> units = {"hz", "s", "ms", "us"};
    bool ok = ap.parts.size() == 2 && std::find(units.begin(), units.end(), ap.parts[0]) != units.end() &&
              is_uint(ap.parts[1]) && ap.parts[1] != "0";
    if (!ok) {
      diags_.error("bad-probe", fmt::format("'{}' is not a valid {} probe", ap.text, ap.type_text), ap.loc)
          .hints.push_back(fmt::format("write {}:hz:99, {}:s:1, {}:ms:100 or {}:us:500", ap.type_text,
                                       ap.type_text, ap.type_text, ap.type_text));
    }
  }

  void check_field_syntax(const FieldAccess& field) {
    if (field.dot_syntax && !bpftrace_.args_dot) {
      diags_.error("dialect",
                   fmt::format("args.{} is bpftrace 0.19+ syntax; the installed bpftrace {} needs args->{}",
                               field.name, bpftrace_.version, field.name),
                   field.loc)
          .hints.push_back(fmt::format("write args->{}", field.name));
    }
  }

  void check_field(const FieldAccess& field, const std::vector<Tracepoint>& tracepoints) {
    for (const Tracepoint& tp : tracepoints) {
      auto it = std::find_if(tp.fields.begin(), tp.fields.end(),
                             [&](const TracepointField& f) { return f.name == field.name; });
      if (it == tp.fields.end()) {
        std::vector<std::string> names;
        for (const TracepointField& f : tp.fields) names.push_back(f.name);
        auto& d = diags_.error("unknown-field",
                               fmt::format("tracepoint {} has no field '{}'", tp.full_name(), field.name), field.loc);
        auto close = closest_names(field.name, names);
        if (!close.empty()) d.hints.push_back(fmt::format("did you mean {}?", join_alternatives(close)));
        d.hints.push_back(fmt::format("its fields are: {}", join_alternatives(names, ", ")));
        return;
      }
      if (it->data_loc && !field.inside_str) {
        diags_
            .error("data-loc-field",
                   fmt::format("field '{}' of {} is a __data_loc string and must be read with str()", field.name,
                               tp.full_name()),
                   field.loc)
            .hints.push_back(fmt::format("write str(args{}{})", bpftrace_.args_dot ? "." : "->", field.name));
        return;
      }
    }
  }

  void check_call(const Call& call) {
    if (options_.allow_unsafe) return;
    for (const UnsafeBuiltin& unsafe : kUnsafeBuiltins) {
      if (call.name != unsafe.name) continue;
      diags_.error("unsafe-builtin",
                   fmt::format("{}() {}, beyond tracing, and is refused without --unsafe", call.name, unsafe.effect),
                   call.loc)
          .hints.push_back("review the program, then rerun with --unsafe if you mean it");
    }
  }

  // The preprocessor must not hide a builtin from check_call: a #define that names one, or pastes tokens
  // (##) into a name, is refused; so is an #include of a file given by path (its text would be shown).
  void check_directive(const Directive& directive) {
    std::string_view text = directive.text;
    std::vector<std::string_view> words = identifiers_in(text);
    std::string_view verb = words.empty() ? std::string_view() : words.front();
    auto refuse = [&](const std::string& why) {
      diags_.error("unsafe-builtin", why, directive.loc)
          .hints.push_back("write the call out without the preprocessor, or rerun with --unsafe if you mean it");
    };
    if (verb == "define") {
      for (std::string_view word : words) {
        if (is_unsafe_builtin(word)) {
          refuse(fmt::format("a #define names {}(), which needs --unsafe", word));
          return;
        }
      }
      if (text.find("##") != std::string_view::npos) {
        refuse("a #define pastes tokens (##), which could spell a builtin that needs --unsafe");
      }
    } else if (verb == "include" && !includes_system_header(text)) {
      refuse("#include of a file given by path reads that file; only <system/headers.h> are allowed without --unsafe");
    }
  }

  const KernelCatalog& catalog_;
  const CheckOptions& options_;
  Diagnostics& diags_;
  BpftraceInfo bpftrace_;
  size_t total_probes_ = 0;
};

}  // namespace

std::span<const UnsafeBuiltin> unsafe_builtins() { return kUnsafeBuiltins; }

std::string unsafe_builtin_names() {
  std::string out;
  for (const UnsafeBuiltin& unsafe : kUnsafeBuiltins) out += fmt::format("{}{}()", out.empty() ? "" : ", ", unsafe.name);
  return out;
}

bool is_unsafe_builtin(std::string_view name) {
  return std::any_of(std::begin(kUnsafeBuiltins), std::end(kUnsafeBuiltins),
                     [&](const UnsafeBuiltin& unsafe) { return unsafe.name == name; });
}

void check_program(const ParsedProgram& program, const KernelCatalog& catalog, const CheckOptions& options,
                   Diagnostics& diags) {
  Checker(catalog, options, diags).run(program);
}

}  // namespace gpttrace
