// Help-text parsing and the mapping of request filters onto tool options.
#include "knowledge/tool_args.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

#include "plan/event_model.h"

namespace gpttrace {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "-p, --pid=PID" / "-p PID, --pid PID" / "--max-args=MAX_ARGS" / "-x": the option part of a help line,
// which ends at the first run of two blanks.
std::optional<HelpOption> parse_option_line(std::string_view line) {
  std::string_view t = trim(line);
  if (t.size() < 2 || t[0] != '-') return std::nullopt;
  size_t gap = t.find("  ");
  std::string_view spec = t.substr(0, gap);
  HelpOption opt;
  if (gap != std::string_view::npos) opt.description = std::string(trim(t.substr(gap)));
  std::istringstream parts{std::string(spec)};
  std::string part;
  while (std::getline(parts, part, ',')) {
    std::string_view p = trim(part);
    if (p.rfind("--", 0) == 0) {
      p.remove_prefix(2);
      size_t sep = p.find_first_of("= [");
      opt.long_name = std::string(p.substr(0, sep));
      if (sep != std::string_view::npos) {
        std::string_view mv = p.substr(sep + 1);
        while (!mv.empty() && (mv.front() == '=' || mv.front() == '[')) mv.remove_prefix(1);
        while (!mv.empty() && mv.back() == ']') mv.remove_suffix(1);
        opt.metavar = std::string(mv);
      }
    } else if (p.size() >= 2 && p[0] == '-' && p[1] != '-') {
      opt.short_name = p[1];
      if (p.size() > 3 && p[2] == ' ') opt.metavar = std::string(trim(p.substr(3)));
    }
  }
  if (opt.short_name == 0 && opt.long_name.empty()) return std::nullopt;
  return opt;
}

const HelpOption* find_option(const HelpSyntax& syntax, std::initializer_list<std::string_view> names, bool takes_value) {
  for (std::string_view name : names) {
    for (const HelpOption& o : syntax.options) {
      if (o.long_name == name && o.metavar.empty() != takes_value) return &o;
    }
  }
  return nullptr;
}

void push_option(std::vector<std::string>& args, const HelpOption& opt, const std::string& value) {
  if (opt.short_name) {
    args.push_back(std::string("-") + opt.short_name);
    if (!value.empty()) args.push_back(value);
  } else {
    args.push_back(value.empty() ? "--" + opt.long_name : fmt::format("--{}={}", opt.long_name, value));
  }
}

// The unit of a latency option or positional, from its metavar, name and description: ns per unit.
double latency_unit(std::string_view text) {
  std::string t = lower(text);
  if (t.find("us") != std::string::npos || t.find("micro") != std::string::npos) return 1e3;
  if (t.find("ns") != std::string::npos || t.find("nano") != std::string::npos) return 1.0;
  return 1e6;  // libbpf-tools' --min options are in milliseconds unless they say otherwise
}

std::string number(double v) { return fmt::format("{}", static_cast<long long>(std::llround(v))); }

}  // namespace

HelpSyntax parse_help(std::string_view help) {
  HelpSyntax syntax;
  std::istringstream in{std::string(help)};
  std::string line;
  bool in_usage = false;  // argp wraps a long usage line: continuation lines start with '['
  while (std::getline(in, line)) {
    std::string_view t = trim(line);
    in_usage = t.rfind("USAGE:", 0) == 0 || t.rfind("usage:", 0) == 0 || (in_usage && t.rfind("[", 0) == 0);
    if (in_usage) {
      // Positionals are the bracketed words that do not start with '-': "[interval] [count]".
      for (size_t open = t.find('['); open != std::string_view::npos; open = t.find('[', open + 1)) {
        size_t close = t.find(']', open);
        if (close == std::string_view::npos) break;
        std::string_view word = t.substr(open + 1, close - open - 1);
        if (!word.empty() && word[0] != '-' && word.find(' ') == std::string_view::npos) {
          syntax.positionals.push_back(lower(word));
        }
      }
    } else if (std::optional<HelpOption> opt = parse_option_line(line)) {
      syntax.options.push_back(*opt);
    }
  }
  return syntax;
}

ToolRequest tool_request_from_spec(const TraceSpec& spec) {
  ToolRequest r;
  r.pid = spec.filters.pid;
  r.tid = spec.filters.tid;
  r.uid = spec.filters.uid;
  r.signal = spec.filters.signal;
  r.comm = spec.filters.comm;
  r.duration_seconds = spec.duration_seconds;
  r.failures = spec.filters.only_failures;
  if (spec.filters.threshold && spec.filters.threshold->measure == Measure::Latency) {
    r.min_latency_ns = spec.filters.threshold->value;
  }
  if (spec.aggregation == Aggregation::Rate) r.interval_seconds = 1;
  return r;
}

ToolArguments map_tool_arguments(const InstalledTool& tool, const ToolRequest& request) {
  ToolArguments out;
  HelpSyntax syntax = tool.family == ToolFamily::Bpftrace ? HelpSyntax{} : parse_help(tool.help);
  auto place = [&](bool wanted, std::initializer_list<std::string_view> names, const std::string& value,
                   const char* what) {
    if (!wanted) return;
    if (const HelpOption* opt = find_option(syntax, names, !value.empty())) push_option(out.args, *opt, value);
    else out.unplaced.emplace_back(what);
  };
  place(request.pid.has_value(), {"pid"}, request.pid ? std::to_string(*request.pid) : "", "a PID filter");
  place(request.tid.has_value(), {"tid"}, request.tid ? std::to_string(*request.tid) : "", "a thread filter");
  place(request.uid.has_value(), {"uid", "user"}, request.uid ? std::to_string(*request.uid) : "", "a user filter");
  place(request.comm.has_value(), {"name", "comm", "process"}, request.comm.value_or(""), "a process-name filter");
  place(request.signal.has_value(), {"signal"}, request.signal ? std::to_string(*request.signal) : "",
        "a signal filter");
  place(request.failures, {"failed", "fails", "failures", "errors"}, "", "the failures-only filter");

  auto positional = [&](std::string_view name) {
    return std::find(syntax.positionals.begin(), syntax.positionals.end(), name) != syntax.positionals.end();
  };
  if (request.min_latency_ns) {
    if (const HelpOption* opt = find_option(syntax, {"min", "min_ms", "min-ms", "min_us"}, true)) {
      double unit = latency_unit(opt->metavar + " " + opt->long_name + " " + opt->description);
      push_option(out.args, *opt, number(std::max(1.0, static_cast<double>(*request.min_latency_ns) / unit)));
    } else if (auto it = std::find_if(syntax.positionals.begin(), syntax.positionals.end(),
                                      [](const std::string& p) { return p.rfind("min", 0) == 0; });
               it != syntax.positionals.end()) {
      out.args.push_back(number(std::max(1.0, static_cast<double>(*request.min_latency_ns) / latency_unit(*it))));
    } else {
      out.unplaced.emplace_back("a latency threshold");
    }
  }

  // Time: a --duration option, else [interval] [count] positionals (one report at the end, or one per
  // interval), else an --interval option; the runner enforces the duration in any case.
  const HelpOption* duration = find_option(syntax, {"duration"}, true);
  const HelpOption* interval = find_option(syntax, {"interval"}, true);
  if (request.duration_seconds && duration) {
    push_option(out.args, *duration, number(std::ceil(*request.duration_seconds)));
    out.stops_itself = true;
  }
  if (positional("interval")) {
    double step = request.interval_seconds.value_or(request.duration_seconds.value_or(0));
    if (step > 0) {
      out.args.push_back(number(std::max(1.0, std::round(step))));
      if (request.duration_seconds && positional("count") && !out.stops_itself) {
        out.args.push_back(number(std::max(1.0, std::floor(*request.duration_seconds / std::max(1.0, std::round(step))))));
        out.stops_itself = true;
      }
    }
  } else if (request.interval_seconds) {
    if (interval) push_option(out.args, *interval, number(std::max(1.0, *request.interval_seconds)));
    else out.unplaced.emplace_back("a reporting interval");
  }
  return out;
}

std::vector<std::string> tools_for_event(EventKind kind) { return event_model(kind).tools; }

bool arguments_match_help(const HelpSyntax& help, const std::vector<std::string>& args, std::string* bad) {
  auto short_option = [&](char c) -> const HelpOption* {
    auto it = std::find_if(help.options.begin(), help.options.end(),
                           [c](const HelpOption& option) { return option.short_name != 0 && option.short_name == c; });
    return it == help.options.end() ? nullptr : &*it;
  };
  // "-abc" bundles flags a, b, c; once an option takes a value, the rest is that value ("-p123", "-xp123").
  auto bundle_known = [&](const std::string& arg) {
    for (size_t i = 1; i < arg.size(); ++i) {
      const HelpOption* option = short_option(arg[i]);
      if (option == nullptr) return false;
      if (!option->metavar.empty()) return true;
    }
    return true;
  };
  for (const std::string& arg : args) {
    if (arg.size() < 2 || arg[0] != '-' || std::isdigit(static_cast<unsigned char>(arg[1]))) continue;  // a value
    bool known = arg.rfind("--", 0) == 0
                     ? std::any_of(help.options.begin(), help.options.end(),
                                   [&](const HelpOption& option) {
                                     std::string name = arg.substr(2, arg.find('=') == std::string::npos
                                                                          ? std::string::npos
                                                                          : arg.find('=') - 2);
                                     return !option.long_name.empty() && name == option.long_name;
                                   })
                     : bundle_known(arg);
    if (!known) {
      if (bad) *bad = arg;
      return false;
    }
  }
  return true;
}

}  // namespace gpttrace
