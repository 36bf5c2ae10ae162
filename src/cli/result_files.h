// The files a run can write besides stdout: --flamegraph (SVG), --folded (folded stacks), --report (HTML).
#pragma once

#include "cli/options.h"
#include "results/meaning.h"
#include "results/report_html.h"
#include "results/results.h"

namespace gpttrace {

// Before a trace starts: each requested file's directory exists and is writable, so a typo does not cost
// a whole trace. Prints one line and returns false otherwise.
bool check_result_paths(const Options& options);

// Writes the requested files. A flame graph or folded file without any stack-keyed result is not written
// (a note says why); returns false (after one error line) when a file could not be written.
bool write_result_files(const Options& options, const Results& results, const ResultsMeaning& meaning,
                        const ReportInput& report);

}  // namespace gpttrace
