// Internal to codegen: dialect spelling, attach-point selection by fields, and the description sentence.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "codegen/recipe.h"

namespace gpttrace::codegen {

// Recipes write args->f and kfunc:/kretfunc:; this respells them for the installed bpftrace
// (args.f from 0.19, fentry:/fexit: from 0.20).
std::string apply_dialect(std::string source, const BpftraceInfo& bpftrace);

// The tracepoint fields a block reads (NAME in args->NAME), sorted, unique.
std::vector<std::string> referenced_fields(std::string_view block);

// The attach points that can run a block reading `fields`: non-tracepoints always, tracepoints when the
// catalog has every field. `dropped` receives the tracepoints left out.
std::vector<std::string> points_with_fields(const KernelCatalog& catalog, const std::vector<std::string>& points,
                                            const std::vector<std::string>& fields,
                                            std::vector<std::string>* dropped = nullptr);

// Picks the measure the program computes: the spec's, or the event's only real one when the spec says
// "events" but the event has no events measure (run-queue latency) or the aggregation needs a value.
Result<Measure> choose_measure(const TraceSpec& spec, const EventTraits& traits, bool zh);
// Fails with one line naming what the event can do when the spec asks for a key, filter or threshold
// that its traits don't list.
Result<void> validate(const TraceSpec& spec, const EventTraits& traits, bool zh);

// A key's words in the spec's language, for messages and descriptions ("process name", "进程名").
std::string key_words(Key key, bool zh);
std::string filter_words(FilterKind filter, bool zh);

// One sentence saying what the program measures, in spec.language.
std::string describe_program(const TraceSpec& spec, const Recipe& recipe, Measure measure);

}  // namespace gpttrace::codegen
