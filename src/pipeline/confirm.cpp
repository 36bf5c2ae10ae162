// The three confirmers: --yes, the terminal prompt, and the refusal when there is no terminal.
#include "pipeline/confirm.h"

#include <fmt/format.h>

#include <iostream>

#include "pipeline/terminal.h"
#include "sys/signals.h"

namespace gpttrace {

namespace {

tl::unexpected<Failure> interrupted() { return failure(FailureKind::Interrupted, "interrupted"); }

class AssumeYes : public Confirmer {
 public:
  Outcome<void> confirm(const ConfirmRequest& request) const override {
    if (last_stop_signal() != 0) return interrupted();
    if (!request.yes_note.empty()) std::cerr << "gpttrace: " << request.yes_note << '\n';
    return {};
  }
};

class TerminalPrompt : public Confirmer {
 public:
  explicit TerminalPrompt(int stop_fd) : stop_fd_(stop_fd) {}
  Outcome<void> confirm(const ConfirmRequest& request) const override {
    std::cerr << request.shown << "Run it? [y/N] " << std::flush;
    std::optional<std::string> answer = read_stdin_line(stop_fd_);
    if (!answer) std::cerr << '\n';
    if (last_stop_signal() != 0) return interrupted();
    if (!answer || !is_yes_answer(*answer)) {
      return failure(FailureKind::NotConfirmed, fmt::format("not confirmed; nothing was {}", request.action));
    }
    return {};
  }

 private:
  int stop_fd_;
};

class NobodyToAsk : public Confirmer {
 public:
  Outcome<void> confirm(const ConfirmRequest& request) const override {
    return failure(FailureKind::NotConfirmed,
                   fmt::format("stdin is not a terminal, so nobody can confirm the {}", request.noun),
                   "read it with --dry-run, then pass --yes to run it");
  }
};

}  // namespace

std::unique_ptr<Confirmer> make_confirmer(bool assume_yes, bool stdin_is_terminal, int stop_fd) {
  if (assume_yes) return std::make_unique<AssumeYes>();
  if (stdin_is_terminal) return std::make_unique<TerminalPrompt>(stop_fd);
  return std::make_unique<NobodyToAsk>();
}

bool is_yes_answer(std::string_view answer) {
  return answer == "y" || answer == "Y" || answer == "yes" || answer == "YES";
}

}  // namespace gpttrace
