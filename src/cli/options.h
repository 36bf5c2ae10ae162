// The parsed command line of gpttrace (see README for every flag).
#pragma once

#include <cstddef>
#include <string>

namespace gpttrace {

enum class Command { Request, Program, RunFile, Probes };

struct Options {
  Command command = Command::Request;
  std::string request;         // gpttrace "REQUEST"
  std::string program;         // -e PROGRAM
  std::string program_file;    // run FILE.bt
  std::string probes_pattern;  // probes [PATTERN]
  bool dry_run = false;
  bool yes = false;
  bool json = false;
  bool verbose = false;
  bool unsafe = false;
  double duration_seconds = 0;  // 0 = until Ctrl-C
  std::string output_file;      // -o FILE: save the program
  size_t top = 20;
  size_t max_probes = 512;
};

}  // namespace gpttrace
