// The bilingual bridge from everyday words to kernel tracepoints, and the abbreviations of field names.
// Data only: catalog_understand.cpp matches these against a request and the live catalog decides what
// exists (an entry whose tracepoints this kernel lacks is skipped, never assumed).
#include "plan/catalog_bridge.h"

namespace gpttrace::plan {

// Phrases use the lexicon's matching: a token ending in '*' matches any word with that prefix; Chinese
// phrases match character by character. `events` lists candidates in order of preference, each
// "BEGIN" or "BEGIN>END" when the event has an end to pair with for latency.
const std::vector<BridgeEntry>& bridge_entries() {
  static const std::vector<BridgeEntry> entries = {
      {{"hardware interrupt*", "hard interrupt*", "hard irq*", "hardirq*", "irq handler*", "interrupt handler*",
        "interrupt*", "irq*", "硬件中断", "硬中断处理", "硬中断", "中断处理", "中断"},
       {"irq:irq_handler_entry>irq:irq_handler_exit"}},
      {{"softirq*", "soft irq*", "software interrupt*", "soft interrupt*", "软中断处理", "软中断"},
       {"irq:softirq_entry>irq:softirq_exit"}},
      {{"softirq raise*", "raised softirq*", "软中断触发"}, {"irq:softirq_raise"}},
      {{"tasklet*"}, {"irq:tasklet_entry>irq:tasklet_exit"}},
      {{"inter-processor interrupt*", "ipi*", "处理器间中断"}, {"ipi:ipi_send_cpu"}},
      {{"nmi*", "non-maskable interrupt*", "不可屏蔽中断"}, {"nmi:nmi_handler"}},
      {{"kmalloc*", "kernel memory allocation*", "kernel allocation*", "kernel memory", "kernel heap",
        "内核内存分配", "内核内存", "内核分配"},
       {"kmem:kmalloc"}},
      {{"kfree*", "kernel memory free*", "内核内存释放"}, {"kmem:kfree"}},
      {{"slab*", "kmem_cache*", "kmem cache*", "slab 分配"}, {"kmem:kmem_cache_alloc"}},
      {{"page allocation*", "page alloc*", "pages allocated", "allocated pages", "页面分配", "页分配", "物理页分配"},
       {"kmem:mm_page_alloc"}},
      {{"page free*", "freed pages", "页面释放", "页释放"}, {"kmem:mm_page_free"}},
      {{"lock contention*", "contended lock*", "lock wait*", "contention*", "锁竞争", "锁争用", "锁等待", "锁冲突"},
       {"lock:contention_begin>lock:contention_end"}},
      {{"memory compaction*", "compaction*", "内存规整", "内存压缩", "内存碎片整理"},
       {"compaction:mm_compaction_begin>compaction:mm_compaction_end"}},
      {{"capability check*", "capability*", "cap check*", "能力检查", "能力", "capabilities 检查"},
       {"capability:cap_capable"}},
      {{"kvm exit*", "vm exit*", "vmexit*", "vm-exit*", "guest exit*", "虚拟机退出", "kvm 退出", "vm 退出"},
       {"kvm:kvm_exit"}},
      {{"kvm entr*", "vm entr*", "vmentr*", "guest entr*", "虚拟机进入"}, {"kvm:kvm_entry"}},
      {{"round trip time*", "round-trip time*", "rtt*", "srtt", "smoothed rtt", "tcp probe*", "往返时间", "往返时延"},
       {"tcp:tcp_probe"}},
      {{"packet drop*", "dropped packet*", "drop* packet*", "packets dropped", "skb drop*", "dropped skb*",
        "丢包", "丢弃的数据包", "丢弃数据包", "丢弃的包", "数据包丢弃"},
       {"skb:kfree_skb"}},
      {{"timer expir*", "timers expir*", "expired timer*", "timer fir*", "timer callback*", "定时器到期", "定时器触发",
        "定时器回调", "定时器"},
       {"timer:timer_expire_entry>timer:timer_expire_exit"}},
      {{"hrtimer callback*", "hrtimer*", "high resolution timer*", "high-resolution timer*", "高精度定时器"},
       {"timer:hrtimer_expire_entry>timer:hrtimer_expire_exit"}},
      {{"workqueue*", "work queue*", "work item*", "kworker*", "工作队列"},
       {"workqueue:workqueue_execute_start>workqueue:workqueue_execute_end"}},
      {{"direct reclaim*", "memory reclaim*", "page reclaim*", "直接回收", "内存回收"},
       {"vmscan:mm_vmscan_direct_reclaim_begin>vmscan:mm_vmscan_direct_reclaim_end"}},
      {{"kswapd*"}, {"vmscan:mm_vmscan_kswapd_wake"}},
      {{"page cache addition*", "added to the page cache", "add* to the page cache", "page cache insert*",
        "页缓存添加", "加入页缓存", "添加到页缓存"},
       {"filemap:mm_filemap_add_to_page_cache"}},
      {{"page cache eviction*", "page cache delet*", "removed from the page cache", "页缓存删除", "页缓存淘汰"},
       {"filemap:mm_filemap_delete_from_page_cache"}},
      {{"cpu frequency*", "cpu freq*", "frequency change*", "frequency scaling", "cpu 频率", "频率变化", "调频"},
       {"power:cpu_frequency"}},
      {{"cpu idle*", "idle state*", "c-state*", "cpu 空闲", "空闲状态"}, {"power:cpu_idle"}},
      {{"dirty inode*", "inode dirtied", "脏 inode"}, {"writeback:writeback_dirty_inode"}},
      {{"writeback*", "dirty page writeback", "回写", "脏页回写"}, {"writeback:writeback_written"}},
      {{"dirty page*", "dirtied page*", "脏页"}, {"writeback:writeback_dirty_folio"}},
      {{"socket receive*", "sock receive*", "received on socket*", "receive length*", "sock_recv*", "bytes received",
        "received bytes", "data received", "received data", "bytes receiv*", "receiv* bytes", "network receive*",
        "接收的字节", "接收字节", "收到的字节", "接收的数据", "接收数据", "receive*", "收到", "接收"},
       {"sock:sock_recv_length"}},
      {{"socket send*", "sock send*", "send length*", "sock_send*", "bytes sent over", "network send*", "bytes sent",
        "sent bytes", "data sent", "发送的字节", "发送字节", "发送的数据", "发出的字节"},
       {"sock:sock_send_length"}},
      {{"tcp retransmi*", "retransmi*", "重传"}, {"tcp:tcp_retransmit_skb"}, true},
      {{"tcp state*", "socket state*", "连接状态", "tcp 状态"}, {"sock:inet_sock_set_state"}, true},
      {{"page migration*", "migrated page*", "page migrat*", "页迁移", "页面迁移"}, {"migrate:mm_migrate_pages"}},
      {{"task migration*", "cpu migration*", "process migration*", "migrat* between cpus", "进程迁移", "任务迁移",
        "cpu 迁移"},
       {"sched:sched_migrate_task"}},
      {{"wakeup*", "wake-up*", "wake up*", "woken", "唤醒"}, {"sched:sched_wakeup"}},
      {{"tlb flush*", "tlb shootdown*", "tlb*", "tlb 刷新"}, {"tlb:tlb_flush"}},
      {{"kernel log message*", "printk*", "console message*", "内核日志"}, {"printk:console"}},
      {{"napi poll*", "napi*"}, {"napi:napi_poll"}},
      {{"qdisc*", "queueing discipline*", "排队规则"}, {"qdisc:qdisc_dequeue"}},
      {{"icmp*"}, {"icmp:icmp_send"}},
      {{"mmap lock*", "mmap_lock*", "mmap 锁"}, {"mmap_lock:mmap_lock_start_locking>mmap_lock:mmap_lock_acquire_returned"}},
      {{"huge page*", "hugepage*", "transparent huge page*", "thp*", "大页"}, {"huge_memory:mm_khugepaged_scan_pmd"}},
      {{"oom score*", "oom_score_adj"}, {"oom:oom_score_adj_update"}},
      {{"cgroup attach*", "cgroup migration*"}, {"cgroup:cgroup_attach_task"}},
      {{"module load*", "kernel module*", "模块加载", "内核模块"}, {"module:module_load"}},
      {{"task rename*", "thread rename*", "process rename*", "renamed thread*", "进程改名"}, {"task:task_rename"}},
      {{"io_uring*", "io uring*"}, {"io_uring:io_uring_submit_req>io_uring:io_uring_complete"}},
      {{"rcu*"}, {"rcu:rcu_utilization"}},
      {{"filelock*", "file lock*", "flock*", "posix lock*", "文件锁"}, {"filelock:posix_lock_inode"}},
      {{"xdp*"}, {"xdp:xdp_exception"}},
  };
  return entries;
}

// Abbreviations in field names, with the words a person uses for them (English and Chinese).
const std::vector<FieldAlias>& field_aliases() {
  static const std::vector<FieldAlias> aliases = {
      {"addr", {"address", "addresses", "地址"}},
      {"dport", {"destination port", "dest port", "remote port", "target port", "dst port", "目标端口", "目的端口",
                 "远端端口", "对端端口"}},
      {"sport", {"source port", "src port", "local port", "源端口", "本地端口"}},
      {"daddr", {"destination address", "dest address", "remote address", "destination ip", "remote ip", "dst",
                 "目标地址", "目的地址", "远端地址"}},
      {"saddr", {"source address", "local address", "source ip", "local ip", "src", "源地址", "本地地址"}},
      {"srtt", {"smoothed rtt", "rtt", "round trip time", "round-trip time", "往返时间", "往返时延"}},
      {"req", {"requested", "request", "请求"}},
      {"alloc", {"allocated", "allocation", "分配"}},
      {"vec", {"vector", "vectors", "type", "向量", "类型"}},
      {"cap", {"capability", "capabilities", "能力", "能力编号"}},
      {"len", {"length", "lengths", "size", "长度", "大小"}},
      {"nr", {"number", "count", "编号", "数量"}},
      {"dev", {"device", "disk", "设备", "磁盘"}},
      {"prio", {"priority", "优先级"}},
      {"ret", {"return value", "return", "result", "返回值", "结果"}},
      {"reason", {"why", "cause", "原因"}},
      {"name", {"names", "名称", "名字", "名"}},
      {"order", {"orders", "阶", "阶数"}},
      {"function", {"functions", "func", "handler", "callback", "函数", "回调"}},
      {"bytes", {"byte", "字节", "字节数"}},
      {"irq", {"irq number", "interrupt number", "中断号"}},
      {"cpu", {"cpus", "processor", "core", "处理器"}},
      {"comm", {"process name", "task name", "进程名"}},
      {"pid", {"process id", "进程号"}},
      {"state", {"frequency", "频率", "状态"}},
      {"protocol", {"protocols", "协议"}},
      {"family", {"address family", "地址族"}},
      {"flags", {"flag", "标志"}},
      {"gfp_flags", {"gfp flags", "gfp"}},
      {"exit_reason", {"exit reason", "exit reasons", "退出原因"}},
      {"lock_addr", {"lock address", "lock", "锁地址"}},
      {"snd_cwnd", {"congestion window", "cwnd", "拥塞窗口"}},
      {"rcv_wnd", {"receive window", "接收窗口"}},
      {"work", {"work item", "工作项"}},
      {"workqueue", {"workqueue name", "queue", "队列"}},
      {"nr_reclaimed", {"reclaimed pages", "pages reclaimed", "回收的页"}},
      {"cpu_id", {"cpu", "cpus", "processor", "处理器"}},
  };
  return aliases;
}

bool in_process_context(std::string_view category, std::string_view name) {
  static constexpr std::string_view kOutside[] = {"irq", "nmi", "napi", "ipi", "irq_vectors", "power"};
  for (std::string_view outside : kOutside)
    if (category == outside) return false;
  return name.find("expire") == std::string_view::npos;
}

}  // namespace gpttrace::plan
