// Code generation: a TraceSpec -> a bpftrace program for the installed dialect and the running kernel.
#pragma once

#include <string>
#include <vector>

#include "common/error.h"
#include "plan/trace_spec.h"

namespace gpttrace {

class KernelCatalog;

struct GeneratedProgram {
  std::string source;                // the bpftrace program, ending with a newline
  std::string description;           // one sentence, in the spec's language: what the program measures
  std::vector<std::string> notes;    // substitutions made for this kernel, one line each, with the reason
  std::vector<std::string> probes;   // the attach points used, as written in the source
};

// Chooses probes from the catalog (tracepoints first, then kfunc, then kprobe; never a probe type that
// cannot attach here), writes args->f or args.f per the bpftrace version, str() for __data_loc and string
// pointer fields, aggregates in the kernel (maps, hist) unless the spec lists events, and measures latency
// with entry/exit pairs keyed by thread. Fails with a one-line reason when the spec asks for something this
// event cannot provide (e.g. grouping page faults by port).
Result<GeneratedProgram> generate_program(const TraceSpec& spec, const KernelCatalog& catalog);

}  // namespace gpttrace
