// Test helpers for the results stage: read captured bpftrace output and feed it to a ResultsParser.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "results/results.h"

namespace gpttrace::testing {

inline std::string fixture_path(const std::string& name) {
  return std::string(GPTTRACE_FIXTURES_DIR) + "/results/" + name;
}

inline std::string read_fixture(const std::string& name) {
  std::ifstream in(fixture_path(name), std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<std::string> fixture_lines(const std::string& name) {
  std::vector<std::string> lines;
  std::istringstream in(read_fixture(name + ".jsonl"));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The Results of a whole captured run, the way the runner would produce them.
inline Results parse_fixture(const std::string& name) {
  ResultsParser parser;
  for (const auto& line : fixture_lines(name)) parser.feed(line);
  parser.finish();
  return parser.take();
}

inline Results parse_lines(const std::vector<std::string>& lines) {
  ResultsParser parser;
  for (const auto& line : lines) parser.feed(line);
  parser.finish();
  return parser.take();
}

inline const MapResult* find_map(const Results& r, const std::string& name) {
  for (const auto& m : r.maps)
    if (m.name == name) return &m;
  return nullptr;
}

}  // namespace gpttrace::testing
