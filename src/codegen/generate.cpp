// Assembles a program from a Recipe and a TraceSpec: validation against the event's traits, the choice of
// one probe or a begin/end pair, filters, the aggregation, List lines, and temporary-map cleanup.
#include "codegen/generate.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "codegen/program_parts.h"
#include "codegen/recipe.h"
#include "plan/event_traits.h"

namespace gpttrace {

namespace {

using namespace codegen;

// The maps a program keeps only for its own bookkeeping start with "@_" and are cleared at END, so
// that bpftrace's exit dump shows only results.
constexpr std::string_view kStart = "@_start";

// A condition and where it can be tested.
struct Cond {
  std::string text;
  Site site = Site::Any;
  std::string setup;  // statements it needs first; such conditions go in an `if`, not the predicate
};

bool needs_value(Aggregation agg) {
  return agg == Aggregation::Sum || agg == Aggregation::Histogram || agg == Aggregation::Average ||
         agg == Aggregation::Stats;
}


std::string join_conds(const std::vector<std::string>& conds) {
  if (conds.size() == 1) return conds[0];
  std::vector<std::string> wrapped;
  for (const std::string& c : conds) wrapped.push_back("(" + c + ")");
  return fmt::format("{}", fmt::join(wrapped, " && "));
}

class Assembler {
 public:
  Assembler(const TraceSpec& spec, const KernelCatalog& catalog, Recipe recipe, Measure measure)
      : spec_(spec), catalog_(catalog), r_(std::move(recipe)), measure_(measure), zh_(spec.language == "zh") {}

  Result<GeneratedProgram> run() {
    if (auto ok = collect(); !ok) return tl::unexpected(ok.error());
    two_site_ = decide_two_site();
    if (two_site_ && (r_.begin.empty() || r_.end.empty()))
      return fail(zh_ ? "这个内核上无法测量这类事件的耗时或结果" : "this kernel can't pair the start and end of "
                                                                 "this event, so its latency or result is not available");
    if (!two_site_ && single_site() == Site::End && r_.end.empty())
      return fail(zh_ ? "这个内核上没有该事件结束时的探针" : "this kernel has no probe where this event completes");
    return two_site_ ? emit_pair() : emit_single();
  }

 private:
  // Gathers the expressions and conditions the spec asks for.
  Result<void> collect() {
    keys_ = builtin_keys();
    for (Key k : r_.no_keys) keys_.erase(k);
    if (r_.ret) keys_[Key::Error] = Expr{"-" + r_.ret->text, r_.ret->site, false, r_.ret->text + " < 0"};
    for (auto& [k, e] : r_.keys) keys_[k] = e;

    const Filters& f = spec_.filters;
    auto by_key = [&](Key key, const std::string& rhs, FilterKind kind) -> Result<void> {
      auto it = keys_.find(key);
      if (it == keys_.end()) return unavailable_filter(kind);
      use(it->second);
      conds_.push_back(Cond{render_direct(it->second) + " == " + rhs, it->second.site, it->second.setup});
      return {};
    };
    Result<void> ok;
    if (f.pid && !(ok = by_key(Key::Pid, std::to_string(*f.pid), FilterKind::Pid))) return ok;
    if (f.tid && !(ok = by_key(Key::Tid, std::to_string(*f.tid), FilterKind::Tid))) return ok;
    if (f.uid && !(ok = by_key(Key::Uid, std::to_string(*f.uid), FilterKind::Uid))) return ok;
    if (f.signal && !(ok = by_key(Key::Signal, std::to_string(*f.signal), FilterKind::Signal))) return ok;
    if (f.comm && !(ok = by_key(Key::Comm, quote(f.comm->substr(0, 15)), FilterKind::Comm))) return ok;
    if (f.path && !(ok = path_filter(*f.path))) return ok;
    if (f.port) {
      const bool remote = f.port_side == PortSide::Remote, local = f.port_side == PortSide::Local;
      const std::string& filter = remote ? r_.remote_port_filter : local ? r_.local_port_filter : r_.port_filter;
      if (filter.empty() && f.port_side == PortSide::Any) return unavailable_filter(FilterKind::Port);
      if (filter.empty())
        return fail(zh_ ? fmt::format("这里无法按{}端口过滤{}", remote ? "远端" : "本地", r_.what_zh)
                        : fmt::format("{} can't be filtered by the {} port here", r_.what_en, remote ? "remote" : "local"));
      conds_.push_back(Cond{fmt::format(fmt::runtime(filter), *f.port), r_.port_site});
    }
    if (f.target_pid) {
      if (!r_.target_pid) return unavailable_filter(FilterKind::TargetPid);
      conds_.push_back(Cond{fmt::format("{} == {}", r_.target_pid->text, *f.target_pid), r_.target_pid->site});
    }
    if (f.cgroup_id) {
      if (!r_.cgroup) return unavailable_filter(FilterKind::Cgroup);
      conds_.push_back(Cond{fmt::format("cgroup == {}", *f.cgroup_id), r_.builtin_site});
    }
    if (f.only_failures) {
      if (r_.failure)
        conds_.push_back(Cond{r_.failure->text, r_.failure->site, r_.failure->setup});
      else if (r_.ret)
        conds_.push_back(Cond{r_.ret->text + " < 0", r_.ret->site});
      else
        return unavailable_filter(FilterKind::Failures);
    }
    if (f.threshold && !(ok = threshold(*f.threshold))) return ok;
    if (f.tracer_pid && r_.process_context && keys_.count(Key::Pid)) exclude_tracer(*f.tracer_pid);

    if (spec_.aggregation == Aggregation::List) {
      if (r_.process_context) {
        for (Key k : {Key::Comm, Key::Pid})
          if (keys_.count(k)) use(keys_[k]);
      }
      for (const Detail& d : r_.details) use(d.value);
      if (measure_ == Measure::Latency) latency_used_ = true;  // "with latency": a column of the listing
      for (Key k : listed_keys()) use(keys_[k]);                // "with error codes": columns too
    } else {
      for (Key k : spec_.keys) {
        auto it = keys_.find(k);
        if (it == keys_.end())
          return fail(zh_ ? fmt::format("这个内核上无法按{}分组这类事件", key_words(k, true))
                          : fmt::format("{} can't be grouped by {} here", r_.what_en, key_words(k, false)));
        use(it->second);
      }
      for (const auto& [name, e] : r_.field_keys) use(e);
      if (needs_value(spec_.aggregation) && !(ok = value_expr())) return ok;
    }
    if (!r_.begin_cond.empty()) conds_.push_back(Cond{r_.begin_cond, Site::Begin});
    if (!r_.end_cond.empty()) conds_.push_back(Cond{r_.end_cond, r_.begin.empty() ? Site::Any : Site::End});
    return {};
  }

  // gpttrace and the bpftrace it starts are not what the user asked about: leave out its pid and, where
  // BTF gives the task's parent, its children (the bpftrace process itself), in the kernel.
  void exclude_tracer(int64_t tracer) {
    const Expr& pid = keys_[Key::Pid];
    conds_.push_back(Cond{fmt::format("{} != {}", pid.text, tracer), pid.site});
    if (pid.text == "pid" && catalog_.kernel().btf)
      conds_.push_back(Cond{fmt::format("curtask->real_parent->tgid != {}", tracer), pid.site});
  }

  // Keys a listing names ("with the error", "with exit codes") beyond the columns it always has.
  std::vector<Key> listed_keys() const {
    std::vector<Key> out;
    for (Key k : spec_.keys) {
      if (k == Key::Comm || k == Key::Pid || !keys_.count(k)) continue;
      const std::string& text = keys_.at(k).text;
      bool shown = std::any_of(r_.details.begin(), r_.details.end(), [&](const Detail& d) { return d.value.text == text; });
      if (!shown) out.push_back(k);
    }
    return out;
  }

  std::map<Key, Expr> builtin_keys() const {
    Site s = r_.builtin_site;
    std::map<Key, Expr> keys = {
        {Key::Comm, Expr{"comm", s, false, "", "%s"}}, {Key::Pid, Expr{"pid", s}},
        {Key::Tid, Expr{"tid", s}},   {Key::Uid, Expr{"uid", s}},
        {Key::Cpu, Expr{"cpu", s}},   {Key::KernelStack, Expr{"kstack", s, false, "", "%s"}},
        {Key::UserStack, Expr{"ustack", s, false, "", "%s"}}, {Key::Probe, Expr{"probe", Site::Any, false, "", "%s"}}};
    if (!r_.process_context)
      for (Key k : {Key::Comm, Key::Pid, Key::Tid, Key::Uid, Key::UserStack}) keys.erase(k);
    return keys;
  }

  Result<void> unavailable_filter(FilterKind kind) const {
    return fail(zh_ ? fmt::format("这个内核上无法按{}过滤{}", filter_words(kind, true), r_.what_zh)
                    : fmt::format("{} can't be filtered by {} here{}", r_.what_en, filter_words(kind, false),
                                  r_.process_context ? ""
                                                     : ": the kernel handles them outside the process, so the "
                                                       "process is not known; use address or port"));
  }

  Result<void> path_filter(std::string path) {
    auto it = keys_.find(Key::File);
    if (it == keys_.end()) return unavailable_filter(FilterKind::Path);
    use(it->second);
    bool prefix = !path.empty() && (path.back() == '*' || path.back() == '/');
    if (!path.empty() && path.back() == '*') path.pop_back();
    std::string value = render_direct(it->second);
    std::string text = prefix ? fmt::format("strncmp({}, {}, {}) == 0", value, quote(path), path.size())
                              : fmt::format("{} == {}", value, quote(path));
    conds_.push_back(Cond{text, it->second.site, it->second.setup});
    return {};
  }

  Result<void> threshold(const Threshold& t) {
    std::string op(comparison_symbol(t.op));
    if (t.measure == Measure::Latency) {
      latency_used_ = true;
      conds_.push_back(Cond{fmt::format("$lat {} {}", op, t.value), Site::End, "$lat"});
      return {};
    }
    auto it = r_.measures.find(t.measure);
    if (it == r_.measures.end() || t.measure == Measure::Events)
      return fail(zh_ ? "这类事件没有可用于阈值的数值" : fmt::format("{} have no such value to compare", r_.what_en));
    use(it->second);
    conds_.push_back(Cond{fmt::format("{} {} {}", render_direct(it->second), op, t.value), it->second.site,
                          it->second.setup});
    return {};
  }

  Result<void> value_expr() {
    if (measure_ == Measure::Latency) {
      latency_used_ = true;
      return {};
    }
    auto it = r_.measures.find(measure_);
    if (it == r_.measures.end())
      return fail(zh_ ? "这个内核上无法测量该数值" : fmt::format("{} have no such value here", r_.what_en));
    use(it->second);
    return {};
  }

  void use(const Expr& e) {
    used_.push_back(e);
    bool known = std::any_of(conds_.begin(), conds_.end(), [&](const Cond& c) { return c.text == e.guard; });
    if (!e.guard.empty() && !known) conds_.push_back(Cond{e.guard, e.site, e.setup});
  }

  bool show_ret() const {
    return r_.ret && std::none_of(r_.details.begin(), r_.details.end(),
                                  [&](const Detail& d) { return d.value.text == r_.ret->text; });
  }

  // A begin/end pair is needed for latency, for values from both sides, and for Lists that show a result.
  bool decide_two_site() const {
    if (latency_used_ || r_.always_paired) return true;
    if (spec_.aggregation == Aggregation::List && r_.list_paired && !r_.begin.empty() && !r_.end.empty())
      return true;
    bool begin = false, end = false;
    for (const Expr& e : used_) (e.site == Site::Begin ? begin : end) |= e.site != Site::Any;
    for (const Cond& c : conds_) (c.site == Site::Begin ? begin : end) |= c.site != Site::Any;
    return begin && end;
  }

  Site single_site() const {
    if (r_.begin.empty()) return Site::End;
    bool end = std::any_of(used_.begin(), used_.end(), [](const Expr& e) { return e.site == Site::End; }) ||
               std::any_of(conds_.begin(), conds_.end(), [](const Cond& c) { return c.site == Site::End; });
    return end ? Site::End : Site::Begin;
  }

  std::string render_direct(const Expr& e) const { return e.user_string ? "str(" + e.text + ")" : e.text; }

  // An expression in the end block of a pair: Begin values come from the map they were saved in.
  std::string render_at_end(const Expr& e) {
    if (!two_site_ || e.site != Site::Begin) return render_direct(e);
    auto it = std::find(saved_.begin(), saved_.end(), e.text);
    size_t index = it - saved_.begin();
    if (it == saved_.end()) {
      saved_.push_back(e.text);
      saved_setup_.push_back(e.setup);
    }
    std::string ref = fmt::format("@_v{}[{}]", index, r_.end_key);
    return e.user_string ? "str(" + ref + ")" : ref;
  }

  // The statement that records one event: a printf line or a map update.
  std::string record_statement() {
    if (spec_.aggregation == Aggregation::List) return list_statement();
    std::vector<std::string> keys;
    for (Key k : spec_.keys) keys.push_back(render_at_end(keys_[k]));
    for (const auto& [field, e] : r_.field_keys) keys.push_back(render_at_end(e));
    std::string value;
    std::string name = r_.noun;
    if (needs_value(spec_.aggregation)) {
      if (measure_ == Measure::Latency) {
        value = "$lat / 1000", name = "usecs";
      } else {
        const Expr& e = r_.measures.at(measure_);
        value = render_at_end(e);
        name = measure_ == Measure::Value ? r_.value_name : "bytes";
        if (measure_ == Measure::Duration) value = "(" + value + ") / 1000", name = "sleep_usecs";
      }
      if (spec_.aggregation == Aggregation::Sum)
        name = measure_ == Measure::Bytes || measure_ == Measure::Value ? name : "total_" + name;
      if (spec_.aggregation == Aggregation::Average) name = "avg_" + name;
    }
    map_ = "@" + name;
    std::string target = keys.empty() ? map_ : fmt::format("{}[{}]", map_, fmt::join(keys, ", "));
    switch (spec_.aggregation) {
      case Aggregation::Sum: return fmt::format("{} = sum({});", target, value);
      case Aggregation::Histogram: return fmt::format("{} = hist({});", target, value);
      case Aggregation::Average: return fmt::format("{} = avg({});", target, value);
      case Aggregation::Stats: return fmt::format("{} = stats({});", target, value);
      default: return fmt::format("{} = count();", target);
    }
  }

  std::string list_statement() {
    std::vector<std::string> formats = {"%-8s"}, args = {"strftime(\"%H:%M:%S\", nsecs)"};
    headers_ = {"TIME"};
    auto column = [&](const std::string& header, const std::string& format, const std::string& arg) {
      headers_.push_back(header);
      formats.push_back(format);
      args.push_back(arg);
    };
    if (r_.process_context && keys_.count(Key::Comm)) column("COMM", "%-16s", render_at_end(keys_[Key::Comm]));
    if (r_.process_context && keys_.count(Key::Pid)) column("PID", "%-7d", render_at_end(keys_[Key::Pid]));
    for (const Detail& d : r_.details) column(d.header, d.value.fmt, render_at_end(d.value));
    for (Key k : listed_keys()) {
      if (k == Key::Error && two_site_ && show_ret()) continue;  // the RET column already shows the error
      std::string header(key_name(k));
      for (char& c : header) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      column(header, keys_[k].fmt, render_at_end(keys_[k]));
    }
    if (two_site_ && latency_used_) column("LAT(us)", "%d", "$lat / 1000");
    if (two_site_ && show_ret()) column("RET", "%d", render_at_end(*r_.ret));
    bool tail = !two_site_ && !r_.list_tail.empty();
    if (tail) headers_.push_back("ARGS");
    std::string line = fmt::format("printf(\"{}{}\", {});", fmt::join(formats, " "), tail ? " " : "\\n",
                                   fmt::join(args, ", "));
    return tail ? line + " " + r_.list_tail : line;
  }

  // Setups of the expressions and conditions evaluated in a block at `site`, each once.
  std::string setups(Site site, bool with_saved) const {
    std::vector<std::string> out;
    auto add = [&](const std::string& s) {
      if (!s.empty() && s != "$lat" && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    };
    for (const Expr& e : used_)
      if (at(e.site, site)) add(e.setup);
    for (const Cond& c : conds_)
      if (at(c.site, site)) add(c.setup);
    if (with_saved)
      for (const std::string& s : saved_setup_) add(s);
    return out.empty() ? "" : fmt::format("{} ", fmt::join(out, " "));
  }

  // Whether something of `site` is evaluated in the block at `block` (Any goes to the begin of a pair).
  bool at(Site site, Site block) const {
    if (!two_site_) return true;
    if (site == Site::Any) return block == Site::Begin;
    return site == block;
  }

  // Splits the conditions of a block into a predicate and an `if` around the body. Conditions with a setup
  // (they read $variables, including $lat whose "setup" is the latency line) go in the `if`.
  std::pair<std::string, std::string> split_conds(Site block) const {
    std::vector<std::string> pred, body;
    for (const Cond& c : conds_) {
      if (!at(c.site, block)) continue;
      (c.setup.empty() ? pred : body).push_back(c.text);
    }
    return {pred.empty() ? "" : join_conds(pred), body.empty() ? "" : join_conds(body)};
  }

  static std::string block(const std::vector<std::string>& points, const std::string& pred,
                           const std::string& body) {
    return fmt::format("{}{} {{ {} }}\n", fmt::join(points, ",\n"), pred.empty() ? "" : "\n/" + pred + "/", body);
  }

  static std::string guarded(const std::string& cond, const std::string& body) {
    return cond.empty() ? body : fmt::format("if ({}) {{ {} }}", cond, body);
  }

  Result<std::vector<std::string>> choose_points(const std::vector<std::string>& points, const std::string& text) {
    std::vector<std::string> dropped;
    std::vector<std::string> fields = referenced_fields(text);
    std::vector<std::string> kept = points_with_fields(catalog_, points, fields, &dropped);
    if (kept.empty())
      return fail(fmt::format("no tracepoint for {} on this kernel has the field(s) {}", r_.what_en,
                              fmt::join(fields, ", ")));
    if (!r_.requested.empty() && !dropped.empty())
      r_.notes.push_back(fmt::format("{} lack(s) the field(s) {}: not traced", fmt::join(dropped, ", "),
                                     fmt::join(fields, ", ")));
    return kept;
  }

  Result<GeneratedProgram> emit_single() {
    Site site = single_site();
    std::string stmt = record_statement();
    auto [pred, body_cond] = split_conds(site);
    std::string body = setups(site, false) + guarded(body_cond, stmt);
    auto points = choose_points(site == Site::Begin ? r_.begin : r_.end, pred + " " + body);
    if (!points) return tl::unexpected(points.error());
    probes_ = *points;
    return finish(block(*points, pred, body));
  }

  Result<GeneratedProgram> emit_pair() {
    // The end block first: it decides which begin values must be saved.
    std::string stmt = record_statement();
    auto [end_pred, end_cond] = split_conds(Site::End);
    std::string start = fmt::format("{}[{}]", kStart, r_.end_key);
    std::string lat = latency_used_ ? fmt::format("$lat = nsecs - {}; ", start) : "";
    std::string deletes = fmt::format(" delete({});", start);
    for (size_t i = 0; i < saved_.size(); ++i) deletes += fmt::format(" delete(@_v{}[{}]);", i, r_.end_key);
    if (!end_pred.empty()) end_cond = end_cond.empty() ? end_pred : join_conds({end_pred, end_cond});
    std::string end_body = setups(Site::End, false) + lat + guarded(end_cond, stmt) + deletes;

    auto [begin_pred, begin_cond] = split_conds(Site::Begin);
    std::string saves = fmt::format("{}[{}] = nsecs;", kStart, r_.begin_key);
    for (size_t i = 0; i < saved_.size(); ++i) saves += fmt::format(" @_v{}[{}] = {};", i, r_.begin_key, saved_[i]);
    std::string begin_body = setups(Site::Begin, true) + guarded(begin_cond, saves);

    auto begin_points = choose_points(r_.begin, begin_pred + " " + begin_body);
    if (!begin_points) return tl::unexpected(begin_points.error());
    std::vector<std::string> end_points;
    for (const std::string& p : r_.end) {
      std::string entry = p;
      if (r_.paired_syscalls) entry.replace(entry.find("sys_exit_"), 9, "sys_enter_");
      if (!r_.paired_syscalls || std::count(begin_points->begin(), begin_points->end(), entry)) end_points.push_back(p);
    }
    auto end_kept = choose_points(end_points, end_body);
    if (!end_kept) return tl::unexpected(end_kept.error());
    probes_ = *begin_points;
    probes_.insert(probes_.end(), end_kept->begin(), end_kept->end());
    temps_ = {std::string(kStart)};
    for (size_t i = 0; i < saved_.size(); ++i) temps_.push_back(fmt::format("@_v{}", i));
    return finish(block(*begin_points, begin_pred, begin_body) +
                  block(*end_kept, fmt::format("{}[{}]", kStart, r_.end_key), end_body));
  }

  GeneratedProgram finish(const std::string& main_blocks) {
    GeneratedProgram out;
    std::string src;
    if (!r_.preamble.empty()) src += r_.preamble + "\n";
    std::string begin_body = r_.at_begin;
    if (spec_.aggregation == Aggregation::List) {
      std::vector<std::string> fmts(headers_.size(), "%s");
      fmts[0] = "%-8s";
      if (headers_.size() > 2 && headers_[1] == "COMM") fmts[1] = "%-16s", fmts[2] = "%-7s";
      std::vector<std::string> quoted;
      for (const std::string& h : headers_) quoted.push_back(quote(h));
      if (!begin_body.empty()) begin_body += " ";
      begin_body += fmt::format("printf(\"{}\\n\", {});", fmt::join(fmts, " "), fmt::join(quoted, ", "));
    }
    for (const std::string& b : r_.blocks) src += b + "\n";
    if (!begin_body.empty()) src += "BEGIN { " + begin_body + " }\n";
    src += main_blocks;
    if (spec_.aggregation == Aggregation::Rate) {
      std::string print = spec_.top_n ? fmt::format("print({}, {});", map_, *spec_.top_n) : "print(" + map_ + ");";
      src += fmt::format("interval:s:1 {{ time(\"%H:%M:%S\\n\"); {} clear({}); }}\n", print, map_);
      out.probes.push_back("interval:s:1");
      temps_.push_back(map_);
    }
    temps_.insert(temps_.end(), r_.temp_maps.begin(), r_.temp_maps.end());
    if (!temps_.empty()) {
      std::string clears;
      for (const std::string& t : temps_) clears += fmt::format(" clear({});", t);
      src += "END {" + clears + " }\n";
    }
    out.source = apply_dialect(std::move(src), catalog_.bpftrace());
    out.probes.insert(out.probes.begin(), probes_.begin(), probes_.end());
    for (std::string& p : out.probes) p = apply_dialect(p, catalog_.bpftrace());
    out.probes.insert(out.probes.end(), r_.extra_probes.begin(), r_.extra_probes.end());
    if (!begin_body.empty()) out.probes.push_back("BEGIN");
    if (!temps_.empty()) out.probes.push_back("END");
    out.notes = r_.notes;
    out.description = describe_program(spec_, r_, measure_);
    return out;
  }

  const TraceSpec& spec_;
  const KernelCatalog& catalog_;
  Recipe r_;
  Measure measure_;
  bool zh_;
  std::map<Key, Expr> keys_;
  std::vector<Expr> used_;
  std::vector<Cond> conds_;
  bool latency_used_ = false;
  bool two_site_ = false;
  std::vector<std::string> saved_, saved_setup_;
  std::vector<std::string> headers_, probes_, temps_;
  std::string map_;
};

}  // namespace

Result<GeneratedProgram> generate_program(const TraceSpec& spec, const KernelCatalog& catalog) {
  bool zh = spec.language == "zh";
  const EventTraits& traits = event_traits(spec.event);
  if (auto ok = validate(spec, traits, zh); !ok) return tl::unexpected(ok.error());
  auto measure = choose_measure(spec, traits, zh);
  if (!measure) return tl::unexpected(measure.error());
  auto recipe = make_recipe(RecipeContext{spec, catalog, *measure});
  if (!recipe) return tl::unexpected(recipe.error());
  return Assembler(spec, catalog, std::move(*recipe), *measure).run();
}

}  // namespace gpttrace
