// One self-contained HTML page for a run: request, plan, program, machine facts, every table, histograms
// as bar charts with percentiles, per-second series as line charts, flame graphs, notes and summary.
// No network: styles, charts (SVG drawn here) and the flame-graph script are all inside the file.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "results/meaning.h"
#include "results/results.h"

namespace gpttrace {

struct ReportInput {
  std::string request;      // empty for -e programs
  std::string description;  // what the program measures
  std::string plan;         // the TraceSpec as text (describe_spec), empty without one
  std::string program;      // the exact program that ran
  std::vector<std::pair<std::string, std::string>> machine;  // ("kernel", "6.1.0"), ("kprobes", "no: ...")
  std::vector<std::string> notes;
  std::string run;          // "ran 5.0 s, stopped by --duration"
};

// The whole page. The page's script marks <body data-report-ready="1"> once it has run without error,
// so a headless browser can tell a page whose scripts failed.
std::string report_html(const Results& results, const ResultsMeaning& meaning, const ReportInput& input);

}  // namespace gpttrace
