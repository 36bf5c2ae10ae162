// PhraseTable matching and small lookup tables (signals, libraries); phrase data is in lexicon_data.cpp,
// event words and syscall names in the event model.
#include "plan/lexicon.h"

#include "plan/event_model.h"
#include "plan/quantities.h"

#include <algorithm>
#include <array>
#include <utility>

namespace gpttrace::plan {

PhraseTable::PhraseTable(const std::vector<PhraseSpec>& specs) {
  for (const PhraseSpec& spec : specs) {
    PhraseEntry entry{{}, spec.value, spec.weight};
    for (const Token& t : tokenize(spec.text)) entry.tokens.push_back(t.text);
    // "fork*" tokenizes as "fork" + "*": fold the star back into the word.
    std::vector<std::string> folded;
    for (const std::string& t : entry.tokens) {
      if (t == "*" && !folded.empty()) folded.back() += '*';
      else folded.push_back(t);
    }
    entry.tokens = std::move(folded);
    entries_.push_back(std::move(entry));
  }
  for (size_t k = 0; k < entries_.size(); ++k) {
    const std::string& first = entries_[k].tokens.front();
    if (first.back() == '*') prefix_first_.push_back(k);
    else by_first_[first].push_back(k);
  }
}

bool token_matches(const Token& token, std::string_view pattern) {
  if (pattern.size() > 1 && pattern.back() == '*') {
    std::string_view stem = pattern.substr(0, pattern.size() - 1);
    return token.kind == TokenKind::Word && token.text.starts_with(stem);
  }
  return token.text == pattern && token.kind != TokenKind::Quoted && token.kind != TokenKind::Path;
}

std::optional<PhraseMatch> PhraseTable::longest(const std::vector<Token>& tokens, size_t i) const {
  if (i >= tokens.size() || tokens[i].consumed) return std::nullopt;
  std::optional<PhraseMatch> best;
  auto consider = [&](size_t k) {
    const PhraseEntry& e = entries_[k];
    if (i + e.tokens.size() > tokens.size()) return;
    for (size_t j = 0; j < e.tokens.size(); ++j) {
      const Token& t = tokens[i + j];
      if (t.consumed || !token_matches(t, e.tokens[j])) return;
    }
    if (!best || e.tokens.size() > best->length) best = PhraseMatch{&e, e.tokens.size()};
  };
  if (auto it = by_first_.find(tokens[i].text); it != by_first_.end())
    for (size_t k : it->second) consider(k);
  for (size_t k : prefix_first_) consider(k);
  return best;
}

namespace {

struct SignalRow {
  std::string_view name;
  int number;
};
constexpr std::array kSignals = std::to_array<SignalRow>({
    {"sighup", 1}, {"sigint", 2}, {"sigquit", 3}, {"sigill", 4}, {"sigtrap", 5}, {"sigabrt", 6}, {"sigbus", 7},
    {"sigfpe", 8}, {"sigkill", 9}, {"sigusr1", 10}, {"sigsegv", 11}, {"sigusr2", 12}, {"sigpipe", 13},
    {"sigalrm", 14}, {"sigterm", 15}, {"sigchld", 17}, {"sigcont", 18}, {"sigstop", 19}, {"sigtstp", 20},
    {"sigttin", 21}, {"sigttou", 22}, {"sigurg", 23}, {"sigxcpu", 24}, {"sigwinch", 28}, {"sigsys", 31},
});

constexpr std::array<std::string_view, 14> kLibraries{
    "libc", "libpthread", "libssl", "libcrypto", "libm", "libstdc++", "libz", "libdl", "librt", "libpython3",
    "libjvm", "libnss_dns", "libresolv", "libsqlite3",
};

constexpr std::array<std::string_view, 40> kBinaries{
    "bash", "sh", "zsh", "dash", "nginx", "apache2", "httpd", "mysqld", "postgres", "redis-server", "redis",
    "python", "python3", "node", "java", "sshd", "systemd", "dockerd", "containerd", "kubelet", "firefox",
    "chrome", "curl", "wget", "vim", "git", "gcc", "make", "cc1", "top", "ls", "cat", "cron", "rsyslogd",
    "journald", "memcached", "mongod", "php-fpm", "ruby", "perl",
};

constexpr auto kFunctionWords = std::to_array<std::string_view>({
    "much", "many", "more", "most", "less", "least", "few", "fewer", "several", "enough", "lot", "lots", "plenty",
    "no", "none", "non", "zero", "one", "two", "three", "four", "five", "ten", "each", "every", "either", "neither",
    "both", "other", "another", "such", "same", "own", "very", "too", "quite", "rather", "what", "which", "who",
    "whom", "whose", "when", "where", "why", "whether", "if", "than", "then", "else", "not", "yes", "he", "she",
    "we", "us", "him", "her", "his", "hers", "ours", "your", "yours", "mine", "itself", "themselves", "anyone",
    "someone", "something", "anything", "nothing", "everything", "whoever", "whatever", "here", "there",
    "while", "until", "since", "because", "but", "nor", "yet", "still", "ever", "never", "again", "even",
    "over", "under", "between", "among", "through", "via", "per", "into", "onto", "upon", "without", "within",
    "pre", "post", "sub", "multi", "semi", "anti", "re", "un", "gets", "got", "gotten", "goes", "went", "keeps",
    "kept", "send", "sends", "sending", "seems",
});

}  // namespace

bool function_word(std::string_view word) {
  return std::find(kFunctionWords.begin(), kFunctionWords.end(), word) != kFunctionWords.end();
}

bool in_vocabulary(const std::vector<Token>& tokens, size_t i) {
  // Vocabulary is judged on the word itself, consumed or not.
  std::vector<Token> one{tokens[i]};
  one[0].consumed = false;
  for (const PhraseTable* table : {&event_terms(), &key_nouns(), &group_markers(), &field_markers(), &question_words(),
                                   &aggregation_words(), &measure_words(), &failure_words(), &comparison_words(),
                                   &duration_markers(), &filler_words(), &unsupported_topics(), &significant_words()})
    if (table->longest(one, 0)) return true;
  return syscall_owner(one[0].text).has_value() || unit_from_word(one[0].text).has_value();
}

std::optional<int> signal_number(std::string_view name) {
  for (const SignalRow& row : kSignals)
    if (row.name == name || row.name.substr(3) == name) return row.number;
  return std::nullopt;
}

bool known_library(std::string_view name) {
  for (std::string_view lib : kLibraries)
    if (name == lib || (name.starts_with(lib) && name.substr(lib.size()).starts_with(".so"))) return true;
  return false;
}

bool known_binary(std::string_view name) {
  return std::find(kBinaries.begin(), kBinaries.end(), name) != kBinaries.end();
}

}  // namespace gpttrace::plan
