// Internal to codegen: a Recipe says how one kind of event is observed (probes, values, conditions);
// the assembler (generate.cpp) turns a Recipe and a TraceSpec into a program.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "kernel/catalog.h"
#include "plan/event_traits.h"
#include "plan/trace_spec.h"

namespace gpttrace::codegen {

// Where a value can be computed: at the event's begin probe (entry), at its end probe (exit), or at
// either with the same meaning (comm of the calling thread in a syscall).
enum class Site { Any, Begin, End };

// A value the program computes, e.g. the path of an open or the bytes a read returned.
struct Expr {
  std::string text;           // bpftrace expression; for user_string a pointer to a user string
  Site site = Site::Any;
  bool user_string = false;   // read with str(); saved as the pointer (the string is still there at exit)
  std::string guard;          // condition (same site) under which the value means something: args->ret > 0
  std::string fmt = "%d";     // printf conversion when listed
  std::string setup;          // statements defining $variables that `text` uses, run first in the block
  bool empty() const { return text.empty(); }
};

// One List column after time, comm and pid.
struct Detail {
  std::string header;
  Expr value;
};

struct Recipe {
  std::string noun;                 // count map name: "opens" -> @opens
  std::string what_en, what_zh;     // for the description: "file opens", "文件打开"
  std::vector<std::string> begin;   // attach points where the event starts (entry); may be empty
  std::vector<std::string> end;     // where it completes; the only site when begin is empty
  bool paired_syscalls = false;     // begin/end are sys_enter_X/sys_exit_X: an exit is kept with its entry
  std::string begin_key = "tid";    // joins a begin with its end (latency, saved values)
  std::string end_key = "tid";
  std::string begin_cond, end_cond; // always-applied conditions at each site
  Site builtin_site = Site::Any;    // where comm/pid/uid/... describe the event's process
  bool process_context = true;      // false when comm/pid at the event are whoever ran (softirq)
  bool cgroup = true;               // the cgroup builtin is the event's process's cgroup
  std::map<Key, Expr> keys;         // event keys; overrides the builtins (comm, pid, ...)
  std::vector<std::pair<std::string, Expr>> field_keys;  // keys after the spec's (catalog event fields)
  std::string value_name;           // the map's name for Measure::Value (the field's name)
  std::vector<Key> no_keys;         // builtins that are wrong here (uid of the wakee at a context switch)
  std::map<Measure, Expr> measures; // Bytes, Duration (Latency comes from begin/end)
  std::optional<Expr> ret;          // the return value: failures (< 0), the Error key, a List column
  std::optional<Expr> failure;      // overrides "ret < 0" as the only_failures condition
  std::string port_filter;          // condition with {} for the port, e.g. "args->dport == {}"
  std::string local_port_filter;    // the same for one end only ("local port 80", "remote port 5432"); empty:
  std::string remote_port_filter;   // the event can't tell that end, and such a filter is refused
  std::optional<Expr> target_pid;   // the receiving process (signals), for "sent to pid N"
  Site port_site = Site::Any;
  std::vector<Detail> details;      // List columns
  std::string list_tail;            // a Begin-site statement that ends a List line: join(args->argv)
  bool always_paired = false;       // every program pairs begin and end (run queue: wakeup to switch)
  bool list_paired = false;         // List from begin to end even without latency (shows the result)
  std::string preamble;             // struct definitions put before the probes
  std::string at_begin;             // statements for the BEGIN probe (a table of names)
  std::vector<std::string> blocks;  // extra probe blocks (a run-queue re-insert)
  std::vector<std::string> extra_probes;  // attach points of those blocks, for GeneratedProgram::probes
  std::vector<std::string> temp_maps;     // maps of those blocks to clear at END
  std::vector<std::string> notes;   // substitutions made for this kernel
  std::vector<std::string> requested;     // syscall variants named by the spec (missing ones are noted)
};

// Inputs every recipe builder reads.
struct RecipeContext {
  const TraceSpec& spec;
  const KernelCatalog& catalog;
  Measure measure;  // the measure the program computes (Events promoted when the event has none)
};

// The recipe for spec.event (built by its model's recipe family; noun and description from the model
// unless the builder sets them), or a one-line reason it can't be observed on this kernel.
Result<Recipe> make_recipe(const RecipeContext& ctx);
bool has_recipe_family(std::string_view family);  // "file", "net", ...: a builder below exists

// Recipe builders by family (recipes_*.cpp); each builds the kinds whose model names its family.
Result<Recipe> file_recipe(const RecipeContext& ctx);     // FileOpen..FileStat, Read, Write, Mmap, Brk
Result<Recipe> process_recipe(const RecipeContext& ctx);  // exec, exit, fork, thread, signal, oom, sleep
Result<Recipe> sched_recipe(const RecipeContext& ctx);    // context switch, run queue, profile, faults, block
Result<Recipe> net_recipe(const RecipeContext& ctx);      // TCP, UDP
Result<Recipe> user_recipe(const RecipeContext& ctx);     // uprobes and kernel functions, syscalls
Result<Recipe> catalog_recipe(const RecipeContext& ctx);  // any tracepoint (TraceSpec::catalog)

// Helpers shared by the builders.
// "tracepoint:CAT:NAME" for each of `names` the catalog has, in order.
std::vector<std::string> present_tracepoints(const KernelCatalog& catalog, std::string_view category,
                                             const std::vector<std::string>& names);
// Syscall entry/exit pairs for the variants the catalog has (both sides present), restricted to
// spec.syscalls when given; fails naming the variants when none is present.
Result<void> use_syscalls(const RecipeContext& ctx, Recipe& recipe, std::vector<std::string> variants);
// The syscalls the event model traces for spec.event, in order of preference.
const std::vector<std::string>& family_syscalls(const RecipeContext& ctx);
// A string literal with quotes and backslashes escaped.
std::string quote(std::string_view text);

}  // namespace gpttrace::codegen
