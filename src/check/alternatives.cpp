// Tracepoints that observe what a kernel function does, for when the function itself can't be probed.
#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "check/checks.h"

namespace gpttrace {

namespace {

// Well-known kernel functions whose tracepoint equivalent is not derivable from the name.
struct KnownAlternative {
  std::string_view function;
  std::array<std::string_view, 3> tracepoints;
};

constexpr KnownAlternative kKnown[] = {
    {"do_sys_open", {"syscalls:sys_enter_openat", "syscalls:sys_enter_open", "syscalls:sys_enter_openat2"}},
    {"do_sys_openat2", {"syscalls:sys_enter_openat", "syscalls:sys_enter_openat2", "syscalls:sys_enter_open"}},
    {"do_filp_open", {"syscalls:sys_enter_openat", "syscalls:sys_enter_open", ""}},
    {"vfs_open", {"syscalls:sys_enter_openat", "syscalls:sys_enter_open", ""}},
    {"security_file_open", {"syscalls:sys_enter_openat", "syscalls:sys_enter_open", ""}},
    {"vfs_unlink", {"syscalls:sys_enter_unlinkat", "syscalls:sys_enter_unlink", ""}},
    {"vfs_rename", {"syscalls:sys_enter_renameat2", "syscalls:sys_enter_rename", ""}},
    {"vfs_fsync", {"syscalls:sys_enter_fsync", "syscalls:sys_enter_fdatasync", ""}},
    {"vfs_readv", {"syscalls:sys_enter_readv", "syscalls:sys_enter_preadv", ""}},
    {"do_exit", {"sched:sched_process_exit", "syscalls:sys_enter_exit_group", ""}},
    {"kernel_clone", {"sched:sched_process_fork", "syscalls:sys_enter_clone", ""}},
    {"_do_fork", {"sched:sched_process_fork", "syscalls:sys_enter_clone", ""}},
    {"wake_up_new_task", {"sched:sched_wakeup_new", "", ""}},
    {"do_execve", {"sched:sched_process_exec", "syscalls:sys_enter_execve", ""}},
    {"bprm_execve", {"sched:sched_process_exec", "syscalls:sys_enter_execve", ""}},
    {"schedule", {"sched:sched_switch", "", ""}},
    {"finish_task_switch", {"sched:sched_switch", "", ""}},
    {"ttwu_do_wakeup", {"sched:sched_wakeup", "", ""}},
    {"try_to_wake_up", {"sched:sched_wakeup", "sched:sched_waking", ""}},
    {"handle_mm_fault", {"exceptions:page_fault_user", "exceptions:page_fault_kernel", ""}},
    {"exc_page_fault", {"exceptions:page_fault_user", "exceptions:page_fault_kernel", ""}},
    {"do_page_fault", {"exceptions:page_fault_user", "exceptions:page_fault_kernel", ""}},
    {"blk_account_io_start", {"block:block_rq_issue", "block:block_io_start", ""}},
    {"blk_mq_start_request", {"block:block_rq_issue", "", ""}},
    {"blk_account_io_done", {"block:block_rq_complete", "block:block_io_done", ""}},
    {"blk_mq_end_request", {"block:block_rq_complete", "", ""}},
    {"submit_bio", {"block:block_bio_queue", "", ""}},
    {"tcp_connect", {"sock:inet_sock_set_state", "syscalls:sys_enter_connect", ""}},
    {"tcp_v4_connect", {"sock:inet_sock_set_state", "syscalls:sys_enter_connect", ""}},
    {"tcp_v6_connect", {"sock:inet_sock_set_state", "syscalls:sys_enter_connect", ""}},
    {"inet_csk_accept", {"sock:inet_sock_set_state", "syscalls:sys_exit_accept4", ""}},
    {"tcp_set_state", {"sock:inet_sock_set_state", "", ""}},
    {"tcp_sendmsg", {"syscalls:sys_enter_sendto", "syscalls:sys_enter_sendmsg", "tcp:tcp_probe"}},
    {"tcp_recvmsg", {"syscalls:sys_enter_recvfrom", "syscalls:sys_enter_recvmsg", ""}},
    {"udp_sendmsg", {"syscalls:sys_enter_sendto", "syscalls:sys_enter_sendmsg", ""}},
    {"udp_recvmsg", {"syscalls:sys_enter_recvfrom", "syscalls:sys_enter_recvmsg", ""}},
    {"oom_kill_process", {"oom:mark_victim", "oom:oom_score_adj_update", ""}},
    {"__kmalloc", {"kmem:kmalloc", "", ""}},
    {"kmem_cache_alloc", {"kmem:kmem_cache_alloc", "", ""}},
    {"kfree", {"kmem:kfree", "", ""}},
    {"do_nanosleep", {"syscalls:sys_enter_clock_nanosleep", "syscalls:sys_enter_nanosleep", ""}},
    {"hrtimer_nanosleep", {"syscalls:sys_enter_clock_nanosleep", "syscalls:sys_enter_nanosleep", ""}},
    {"do_send_sig_info", {"signal:signal_generate", "", ""}},
    {"__send_signal", {"signal:signal_generate", "", ""}},
    {"get_signal", {"signal:signal_deliver", "", ""}},
};

// Prefixes that wrap a syscall or a VFS operation: vfs_read, ksys_read, __x64_sys_read -> "read".
constexpr std::string_view kPrefixes[] = {"__x64_sys_", "__arm64_sys_", "__ia32_sys_", "__se_sys_",
                                           "__do_sys_",  "do_sys_",      "ksys_",       "sys_",
                                           "vfs_",       "do_",          "__"};

void add_if_present(const KernelCatalog& catalog, std::string_view name, std::vector<std::string>& out) {
  if (name.empty()) return;
  size_t colon = name.find(':');
  if (colon == std::string_view::npos) return;
  if (std::find(out.begin(), out.end(), name) != out.end()) return;
  if (catalog.tracepoint(name.substr(0, colon), name.substr(colon + 1))) out.emplace_back(name);
}

}  // namespace

std::vector<std::string> tracepoint_alternatives(const KernelCatalog& catalog, std::string_view function) {
  std::vector<std::string> out;
  for (const KnownAlternative& known : kKnown) {
    if (known.function != function) continue;
    for (std::string_view tp : known.tracepoints) add_if_present(catalog, tp, out);
  }
  std::string stem(function);
  for (std::string_view prefix : kPrefixes) {
    if (stem.size() > prefix.size() && stem.compare(0, prefix.size(), prefix) == 0) {
      stem.erase(0, prefix.size());
      break;
    }
  }
  add_if_present(catalog, "syscalls:sys_enter_" + stem, out);
  add_if_present(catalog, "syscalls:sys_exit_" + stem, out);
  // A tracepoint named like the function itself (kfree_skb -> skb:kfree_skb) or like its stem.
  for (const std::string& name : catalog.tracepoint_names()) {
    if (out.size() >= 4) break;
    std::string_view event = std::string_view(name).substr(name.find(':') + 1);
    if (event == function || (stem.size() >= 4 && event == stem)) add_if_present(catalog, name, out);
  }
  if (out.size() > 4) out.resize(4);
  return out;
}

}  // namespace gpttrace
