// Scores the held-out requests (tests/requests/heldout.txt, format documented there): each request goes
// through understand_request and generate_program with this machine's real catalog, and the outcome is
// correct, refused (a program was wanted), or wrong (a program that misses a criterion, or a program where
// a refusal was wanted). Wrong programs are the failure that matters: there must be none. Needs root and a
// mounted tracefs; skipped otherwise. GPTTRACE_HELDOUT_VERBOSE=1 prints every miss.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "check/checks.h"
#include "check/parser.h"
#include "codegen/generate.h"
#include "kernel/catalog.h"
#include "plan/understand.h"

namespace gpttrace {
namespace {

struct HeldOutCase {
  size_t line = 0;
  std::string request;
  std::string expect;  // program, refuse, either
  std::vector<std::string> has, has_not, reason;
  std::optional<size_t> top;
};

std::vector<HeldOutCase> load_heldout(const std::string& path, std::string& problem) {
  std::vector<HeldOutCase> cases;
  std::ifstream in(path);
  if (!in) problem = "cannot read " + path;
  std::string line;
  size_t number = 0;
  HeldOutCase current;
  auto flush = [&] {
    if (!current.request.empty()) cases.push_back(current);
    current = HeldOutCase{};
  };
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) {
      flush();
      continue;
    }
    if (line[0] == '#') continue;
    size_t space = line.find(' ');
    std::string key = line.substr(0, space), value = space == std::string::npos ? "" : line.substr(space + 1);
    if (key == "REQUEST") current.request = value, current.line = number;
    else if (key == "EXPECT") current.expect = value;
    else if (key == "HAS") current.has.push_back(value);
    else if (key == "NOT") current.has_not.push_back(value);
    else if (key == "REASON") current.reason.push_back(value);
    else if (key == "TOP") current.top = std::stoul(value);
    else problem = "line " + std::to_string(number) + ": unknown directive '" + key + "'";
  }
  flush();
  for (const HeldOutCase& c : cases)
    if (c.expect != "program" && c.expect != "refuse" && c.expect != "either")
      problem = "line " + std::to_string(c.line) + ": EXPECT must be program, refuse or either";
  return cases;
}

enum class Outcome { Correct, Refused, Wrong };

struct Scored {
  Outcome outcome;
  std::string detail;
};

Scored score(const HeldOutCase& c, const KernelCatalog& catalog) {
  Understanding u = understand_request(c.request, &catalog);
  std::string source, failure;
  if (u.spec) {
    Result<GeneratedProgram> program = generate_program(*u.spec, catalog);
    if (program) {
      Diagnostics diags;
      ParsedProgram parsed = parse_program(program->source, diags);
      check_program(parsed, catalog, CheckOptions{}, diags);
      if (diags.has_errors()) failure = "check: " + diags.format(program->source);
      else source = program->source;
    } else {
      failure = program.error().message;
    }
  } else {
    failure = u.message;
  }
  if (source.empty()) {  // refused, by the planner, code generation or the check
    if (c.expect == "program") return {Outcome::Refused, failure};
    for (const std::string& r : c.reason) {
      std::string text = failure;
      for (const std::string& s : u.suggestions) text += "\n" + s;
      if (!std::regex_search(text, std::regex(r, std::regex::icase)))
        return {Outcome::Refused, "refusal does not say /" + r + "/: " + failure};
    }
    return {Outcome::Correct, ""};
  }
  if (c.expect == "refuse") return {Outcome::Wrong, "expected a refusal, got:\n" + source};
  for (const std::string& h : c.has)
    if (!std::regex_search(source, std::regex(h))) return {Outcome::Wrong, "missing /" + h + "/ in:\n" + source};
  for (const std::string& n : c.has_not)
    if (std::regex_search(source, std::regex(n))) return {Outcome::Wrong, "has /" + n + "/ in:\n" + source};
  if (c.top && u.spec->top_n != c.top) return {Outcome::Wrong, "the plan does not keep the top " + std::to_string(*c.top)};
  return {Outcome::Correct, ""};
}

TEST(HeldOutSuite, NoWrongProgramsAndMostAnswered) {
  std::string problem;
  std::vector<HeldOutCase> cases = load_heldout(GPTTRACE_REQUESTS_DIR "/heldout.txt", problem);
  ASSERT_TRUE(problem.empty()) << problem;
  ASSERT_GE(cases.size(), 60u);
  if (::geteuid() != 0) GTEST_SKIP() << "needs root (the real catalog)";
  std::unique_ptr<KernelCatalog> catalog = make_real_catalog();
  if (catalog->kernel().tracefs.empty() || catalog->tracepoint_names().empty()) GTEST_SKIP() << "no tracefs mounted";

  const bool verbose = std::getenv("GPTTRACE_HELDOUT_VERBOSE") != nullptr;
  size_t correct = 0, refused = 0, wrong = 0;
  std::string wrong_list;
  for (const HeldOutCase& c : cases) {
    Scored s = score(c, *catalog);
    if (s.outcome == Outcome::Correct) ++correct;
    if (s.outcome == Outcome::Refused) ++refused;
    if (s.outcome == Outcome::Wrong) ++wrong, wrong_list += "  line " + std::to_string(c.line) + ": " + c.request + "\n";
    if (verbose && s.outcome != Outcome::Correct)
      std::cout << (s.outcome == Outcome::Wrong ? "WRONG " : "REFUSED ") << "line " << c.line << ": " << c.request
                << "\n  " << s.detail << "\n";
  }
  std::cout << "held-out: " << correct << " correct, " << refused << " refused, " << wrong << " wrong of "
            << cases.size() << "\n";
  EXPECT_EQ(wrong, 0u) << "silently wrong programs:\n" << wrong_list;
  EXPECT_GE(correct * 100, cases.size() * 50) << "fewer than half of the held-out requests answered correctly";
}

}  // namespace
}  // namespace gpttrace
