// check_result_paths and write_result_files: --flamegraph, --folded and --report outputs.
#include "cli/result_files.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <utility>

#include "cli/commands.h"
#include "results/flamegraph.h"
#include "results/stacks.h"

namespace gpttrace {
namespace {

std::vector<std::pair<const char*, const std::string*>> requested(const Options& options) {
  std::vector<std::pair<const char*, const std::string*>> files;
  for (auto [flag, path] : {std::pair{"--flamegraph", &options.flamegraph_file},
                            std::pair{"--folded", &options.folded_file}, std::pair{"--report", &options.report_file}})
    if (!path->empty()) files.emplace_back(flag, path);
  return files;
}

bool write_file(const char* flag, const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (out.flush()) return true;
  print_error(fmt::format("cannot write {} to '{}'", flag, path), "check the path and the free space");
  return false;
}

}  // namespace

bool check_result_paths(const Options& options) {
  for (auto [flag, path] : requested(options)) {
    const std::filesystem::path file(*path);
    const std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) {
      print_error(fmt::format("{} '{}' is a directory", flag, *path), "give a file name, e.g. out.html");
      return false;
    }
    if (!std::filesystem::is_directory(dir, ec) || ::access(dir.c_str(), W_OK) != 0) {
      print_error(fmt::format("{}: cannot write into '{}'", flag, dir.string()), "check that the directory exists");
      return false;
    }
  }
  return true;
}

bool write_result_files(const Options& options, const Results& results, const ResultsMeaning& meaning,
                        const ReportInput& report) {
  const bool wants_stacks = !options.flamegraph_file.empty() || !options.folded_file.empty();
  const std::vector<FoldedStack> stacks = wants_stacks ? folded_stacks(results, &meaning) : std::vector<FoldedStack>{};
  if (wants_stacks && stacks.empty()) {
    std::cerr << "gpttrace: note: no stack-keyed results (a map keyed by kstack or ustack), so no "
              << (options.flamegraph_file.empty() ? "--folded" : "--flamegraph") << " file was written\n";
  }
  if (!stacks.empty() && !options.folded_file.empty() &&
      !write_file("--folded", options.folded_file, folded_text(stacks)))
    return false;
  if (!stacks.empty() && !options.flamegraph_file.empty()) {
    FlameGraphOptions fg;
    fg.title = meaning.zh() ? "火焰图" : "Flame graph";
    fg.subtitle = !report.request.empty()       ? report.request
                  : !report.description.empty() ? report.description
                                                : report.program.substr(0, report.program.find('\n'));
    if (!write_file("--flamegraph", options.flamegraph_file, flamegraph_svg(stacks, fg))) return false;
  }
  if (!options.report_file.empty() &&
      !write_file("--report", options.report_file, report_html(results, meaning, report)))
    return false;
  return true;
}

}  // namespace gpttrace
