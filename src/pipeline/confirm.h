// The confirm stage: before gpttrace loads a program or runs a tool, someone agrees. One path for all:
// --yes agrees, a terminal asks "[y/N]", and with neither there is nobody to ask, so it is refused.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "pipeline/failure.h"

namespace gpttrace {

struct ConfirmRequest {
  std::string shown;     // printed before the question: the description and the program, or the command
  std::string noun;      // "program" or "command", for the refusal
  std::string action;    // "loaded" or "run": "not confirmed; nothing was loaded"
  std::string yes_note;  // printed when --yes agreed (e.g. the description); may be empty
};

class Confirmer {
 public:
  virtual ~Confirmer() = default;
  // Ok, or a failure: NotConfirmed (declined, or nobody to ask) or Interrupted (a stop signal).
  virtual Outcome<void> confirm(const ConfirmRequest& request) const = 0;
};

// --yes: agrees (after checking no stop signal arrived). Otherwise asks on the terminal when stdin is
// one, reading the answer while watching `stop_fd` (the stop-signal pipe), else refuses.
std::unique_ptr<Confirmer> make_confirmer(bool assume_yes, bool stdin_is_terminal, int stop_fd);

// The answers that agree: y, Y, yes, YES.
bool is_yes_answer(std::string_view answer);

}  // namespace gpttrace
