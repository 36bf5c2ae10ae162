// PhraseTable matching and small lookup tables (syscalls, signals, libraries); phrase data is in lexicon_data.cpp.
#include "plan/lexicon.h"

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

struct SyscallRow {
  std::string_view name;
  EventKind event;
  bool generic;
};

using E = EventKind;
constexpr std::array kSyscalls = std::to_array<SyscallRow>({
    {"open", E::FileOpen, true}, {"openat", E::FileOpen, false}, {"openat2", E::FileOpen, false},
    {"creat", E::FileOpen, false}, {"unlink", E::FileDelete, false}, {"unlinkat", E::FileDelete, false},
    {"rmdir", E::FileDelete, false}, {"rename", E::FileRename, true}, {"renameat", E::FileRename, false},
    {"renameat2", E::FileRename, false}, {"chmod", E::FileChmod, true}, {"fchmod", E::FileChmod, false},
    {"fchmodat", E::FileChmod, false}, {"chown", E::FileChown, true}, {"fchown", E::FileChown, false},
    {"fchownat", E::FileChown, false}, {"lchown", E::FileChown, false}, {"stat", E::FileStat, true},
    {"statx", E::FileStat, false}, {"newstat", E::FileStat, false}, {"newfstatat", E::FileStat, false},
    {"lstat", E::FileStat, false}, {"fstat", E::FileStat, false}, {"newlstat", E::FileStat, false},
    {"newfstat", E::FileStat, false}, {"access", E::FileStat, false}, {"faccessat", E::FileStat, false},
    {"read", E::Read, true}, {"pread64", E::Read, false}, {"readv", E::Read, false}, {"preadv", E::Read, false},
    {"write", E::Write, true}, {"pwrite64", E::Write, false}, {"writev", E::Write, false},
    {"pwritev", E::Write, false}, {"execve", E::ProcessExec, false}, {"execveat", E::ProcessExec, false},
    {"exit_group", E::ProcessExit, false}, {"fork", E::ProcessFork, true}, {"vfork", E::ProcessFork, false},
    {"clone", E::ProcessFork, true}, {"clone3", E::ProcessFork, false}, {"kill", E::SignalSend, true},
    {"tkill", E::SignalSend, false}, {"tgkill", E::SignalSend, false}, {"mmap", E::Mmap, true},
    {"brk", E::Brk, true}, {"nanosleep", E::Sleep, false}, {"clock_nanosleep", E::Sleep, false},
    {"sync", E::Syscall, false}, {"syncfs", E::Syscall, false}, {"fsync", E::Syscall, false},
    {"fdatasync", E::Syscall, false}, {"ioctl", E::Syscall, false}, {"futex", E::Syscall, false},
    {"epoll_wait", E::Syscall, false}, {"epoll_pwait", E::Syscall, false}, {"epoll_ctl", E::Syscall, false},
    {"poll", E::Syscall, false}, {"ppoll", E::Syscall, false}, {"select", E::Syscall, false},
    {"pselect6", E::Syscall, false}, {"sendto", E::Syscall, false}, {"recvfrom", E::Syscall, false},
    {"sendmsg", E::Syscall, false}, {"recvmsg", E::Syscall, false}, {"socket", E::Syscall, false},
    {"bind", E::Syscall, false}, {"listen", E::Syscall, false}, {"close", E::Syscall, false},
    {"dup", E::Syscall, false}, {"dup2", E::Syscall, false}, {"dup3", E::Syscall, false},
    {"pipe", E::Syscall, false}, {"pipe2", E::Syscall, false}, {"lseek", E::Syscall, false},
    {"getpid", E::Syscall, false}, {"gettid", E::Syscall, false}, {"getdents64", E::Syscall, false},
    {"mprotect", E::Syscall, false}, {"munmap", E::Syscall, false}, {"madvise", E::Syscall, false},
    {"mremap", E::Syscall, false}, {"prctl", E::Syscall, false}, {"ptrace", E::Syscall, false},
    {"mount", E::Syscall, false}, {"umount2", E::Syscall, false}, {"chdir", E::Syscall, false},
    {"fcntl", E::Syscall, false}, {"flock", E::Syscall, false}, {"truncate", E::Syscall, false},
    {"ftruncate", E::Syscall, false}, {"fallocate", E::Syscall, false}, {"sched_yield", E::Syscall, false},
    {"wait4", E::Syscall, false}, {"waitid", E::Syscall, false}, {"rt_sigaction", E::Syscall, false},
    {"rt_sigprocmask", E::Syscall, false}, {"io_uring_enter", E::Syscall, false}, {"io_submit", E::Syscall, false},
    {"sendfile", E::Syscall, false}, {"splice", E::Syscall, false}, {"mkdir", E::Syscall, false},
    {"mkdirat", E::Syscall, false}, {"symlink", E::Syscall, false}, {"readlink", E::Syscall, false},
    {"getrandom", E::Syscall, false}, {"bpf", E::Syscall, false}, {"perf_event_open", E::Syscall, false},
    {"setsockopt", E::Syscall, false}, {"getsockopt", E::Syscall, false}, {"shutdown", E::Syscall, false},
    {"clock_gettime", E::Syscall, false}, {"gettimeofday", E::Syscall, false}, {"memfd_create", E::Syscall, false},
    {"accept4", E::TcpAccept, false}, {"setuid", E::Syscall, false}, {"capset", E::Syscall, false},
    {"inotify_add_watch", E::Syscall, false}, {"eventfd2", E::Syscall, false}, {"uname", E::Syscall, false},
});

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

std::optional<SyscallInfo> syscall_info(std::string_view name) {
  for (const SyscallRow& row : kSyscalls)
    if (row.name == name) return SyscallInfo{row.event, row.generic};
  return std::nullopt;
}

std::vector<std::pair<std::string_view, SyscallInfo>> all_syscall_infos() {
  std::vector<std::pair<std::string_view, SyscallInfo>> out;
  for (const SyscallRow& row : kSyscalls) out.push_back({row.name, SyscallInfo{row.event, row.generic}});
  return out;
}

bool in_vocabulary(const std::vector<Token>& tokens, size_t i) {
  // Vocabulary is judged on the word itself, consumed or not.
  std::vector<Token> one{tokens[i]};
  one[0].consumed = false;
  for (const PhraseTable* table : {&event_terms(), &key_nouns(), &group_markers(), &field_markers(), &question_words(),
                                   &aggregation_words(), &measure_words(), &failure_words(), &comparison_words(),
                                   &duration_markers(), &filler_words(), &unsupported_topics(), &significant_words()})
    if (table->longest(one, 0)) return true;
  return syscall_info(one[0].text).has_value() || unit_from_word(one[0].text).has_value();
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
