// Recipes for network events: TCP connect/accept/state/retransmit from the sock and tcp tracepoints, UDP sends.
#include <algorithm>

#include <fmt/format.h>

#include "codegen/recipe.h"

namespace gpttrace::codegen {

namespace {

// TCP states (include/net/tcp_states.h) and protocol numbers.
constexpr int kEstablished = 1, kSynSent = 2, kSynRecv = 3, kClose = 7;
constexpr int kIpprotoTcp = 6, kIpprotoUdp = 17;

bool has_field(const KernelCatalog& catalog, std::string_view cat, std::string_view name, std::string_view field) {
  auto tp = catalog.tracepoint(cat, name);
  return tp && std::any_of(tp->fields.begin(), tp->fields.end(), [&](const auto& f) { return f.name == field; });
}

// An address of a sock/tcp tracepoint as text: the IPv4 field for AF_INET, the IPv6 one otherwise.
Expr address(const std::string& side) {
  std::string var = "$" + side;
  return Expr{var, Site::Any, false, "", "%s",
              fmt::format("{0} = ntop(args->{1}_v6); if (args->family == 2) {{ {0} = ntop(args->{1}); }}", var, side)};
}

// The addresses and ports of a TCP tracepoint; `remote` is the side that the Address and Port keys mean.
void addresses(Recipe& r, bool remote_is_dest) {
  std::string remote = remote_is_dest ? "daddr" : "saddr";
  std::string port = remote_is_dest ? "dport" : "sport";
  r.keys[Key::Address] = address(remote);
  r.keys[Key::Port] = Expr{"args->" + port, Site::Any};
  // The tracepoints' saddr/sport are the socket's own end, daddr/dport the peer's, whichever side connected.
  r.local_port_filter = "args->sport == {}";
  r.remote_port_filter = "args->dport == {}";
  r.details = {Detail{"SADDR", address("saddr")}, Detail{"SPORT", Expr{"args->sport", Site::Any}},
               Detail{"DADDR", address("daddr")}, Detail{"DPORT", Expr{"args->dport", Site::Any}}};
}

// Events the kernel handles in softirq: the running task is not the connection's process.
void outside_process(Recipe& r) {
  r.process_context = false;
  r.cgroup = false;
}

Result<Recipe> inet_state_recipe(const RecipeContext& ctx, Recipe r) {
  if (!ctx.catalog.tracepoint("sock", "inet_sock_set_state"))
    return fail("this kernel has no sock:inet_sock_set_state tracepoint for TCP connections");
  r.end = {"tracepoint:sock:inet_sock_set_state"};
  return r;
}

Result<Recipe> connect_recipe(const RecipeContext& ctx) {
  Recipe r;
  auto base = inet_state_recipe(ctx, r);
  if (!base) return base;
  r = *base;
  addresses(r, true);
  r.port_filter = "args->dport == {}";
  if (ctx.spec.filters.only_failures) {
    // A failed connect goes from SYN_SENT straight to CLOSE, usually on a reset in softirq.
    r.end_cond = fmt::format("args->protocol == {} && args->oldstate == {} && args->newstate == {}", kIpprotoTcp,
                             kSynSent, kClose);
    r.failure = Expr{"1", Site::Any};
    outside_process(r);
  } else {
    // SYN_SENT is set inside connect(), so comm and pid are the connecting process.
    r.end_cond = fmt::format("args->protocol == {} && args->newstate == {}", kIpprotoTcp, kSynSent);
  }
  return r;
}

bool needs_process(const TraceSpec& spec) {
  const Filters& f = spec.filters;
  if (f.pid || f.tid || f.comm || f.uid || f.cgroup_id) return true;
  return std::any_of(spec.keys.begin(), spec.keys.end(), [](Key k) {
    return k == Key::Comm || k == Key::Pid || k == Key::Tid || k == Key::Uid;
  });
}

Result<Recipe> accept_recipe(const RecipeContext& ctx) {
  Recipe r;
  if (needs_process(ctx.spec)) {
    // The accepting process is only known at accept(2); its addresses are not.
    if (auto ok = use_syscalls(ctx, r, family_syscalls(ctx)); !ok) return tl::unexpected(ok.error());
    r.begin.clear();
    r.paired_syscalls = false;
    r.end_cond = "args->ret >= 0";
    r.details = {Detail{"FD", Expr{"args->ret", Site::End}}};
    r.notes.push_back("the process is known only at accept(): addresses and ports are not shown");
    return r;
  }
  auto base = inet_state_recipe(ctx, r);
  if (!base) return base;
  r = *base;
  // The handshake completes in softirq: SYN_RECV -> ESTABLISHED on the new socket; daddr is the client.
  r.end_cond = fmt::format("args->protocol == {} && args->oldstate == {} && args->newstate == {}", kIpprotoTcp,
                           kSynRecv, kEstablished);
  addresses(r, true);
  r.details = {Detail{"LADDR", address("saddr")}, Detail{"LPORT", Expr{"args->sport", Site::Any}},
               Detail{"RADDR", address("daddr")}, Detail{"RPORT", Expr{"args->dport", Site::Any}}};
  r.keys[Key::Port] = Expr{"args->sport", Site::Any};  // the local (listening) port
  r.port_filter = "args->sport == {}";
  outside_process(r);
  return r;
}

Result<Recipe> state_recipe(const RecipeContext& ctx) {
  Recipe r;
  auto base = inet_state_recipe(ctx, r);
  if (!base) return base;
  r = *base;
  r.end_cond = fmt::format("args->protocol == {}", kIpprotoTcp);
  addresses(r, true);
  r.port_filter = "(args->sport == {0} || args->dport == {0})";
  // State names, indexed by the kernel's TCP state numbers.
  r.at_begin = {"@_tcp_state[1] = \"ESTABLISHED\"; @_tcp_state[2] = \"SYN_SENT\"; "
              "@_tcp_state[3] = \"SYN_RECV\"; @_tcp_state[4] = \"FIN_WAIT1\"; @_tcp_state[5] = \"FIN_WAIT2\"; "
              "@_tcp_state[6] = \"TIME_WAIT\"; @_tcp_state[7] = \"CLOSE\"; @_tcp_state[8] = \"CLOSE_WAIT\"; "
              "@_tcp_state[9] = \"LAST_ACK\"; @_tcp_state[10] = \"LISTEN\"; @_tcp_state[11] = \"CLOSING\"; "
              "@_tcp_state[12] = \"NEW_SYN_RECV\";"};
  r.temp_maps = {"@_tcp_state"};
  r.details.push_back(Detail{"OLD", Expr{"@_tcp_state[args->oldstate]", Site::Any, false, "", "%s"}});
  r.details.push_back(Detail{"NEW", Expr{"@_tcp_state[args->newstate]", Site::Any, false, "", "%s"}});
  outside_process(r);
  return r;
}

Result<Recipe> retransmit_recipe(const RecipeContext& ctx) {
  Recipe r;
  if (!ctx.catalog.tracepoint("tcp", "tcp_retransmit_skb"))
    return fail("this kernel has no tcp:tcp_retransmit_skb tracepoint");
  r.end = {"tracepoint:tcp:tcp_retransmit_skb"};
  addresses(r, true);
  r.details.push_back(Detail{"STATE", Expr{"args->state", Site::Any}});
  r.port_filter = "(args->sport == {0} || args->dport == {0})";
  outside_process(r);
  return r;
}

Result<Recipe> udp_recipe(const RecipeContext& ctx) {
  Recipe r;
  const auto& keys = ctx.spec.keys;
  bool wants_port = ctx.spec.filters.port || std::find(keys.begin(), keys.end(), Key::Port) != keys.end();
  if (wants_port && ctx.catalog.kernel().btf) {
    // An unconnected UDP socket has no destination port of its own: it is only in sendto()'s address
    // (sin_port and sin6_port share their offset, so this reads IPv4 and IPv6 alike).
    if (auto ok = use_syscalls(ctx, r, {"sendto"}); !ok) return tl::unexpected(ok.error());
    Expr port{"bswap(((struct sockaddr_in *)args->addr)->sin_port)", Site::Begin};
    r.keys[Key::Port] = port;
    r.port_filter = r.remote_port_filter = port.text + " == {}";
    r.port_site = Site::Begin;
    Expr bytes{"args->ret", Site::End, false, "args->ret > 0"};
    r.measures[Measure::Bytes] = bytes;
    r.details = {Detail{"BYTES", bytes}, Detail{"DPORT", port}};
    r.notes.push_back("the port is sendto()'s destination: sends on connected sockets (send, write) are not seen");
    return r;
  }
  if (has_field(ctx.catalog, "sock", "sock_send_length", "protocol")) {
    // Fires in sendmsg with the socket's protocol: UDP only, in the sending process.
    r.end = {"tracepoint:sock:sock_send_length"};
    r.end_cond = fmt::format("args->protocol == {}", kIpprotoUdp);
    Expr bytes{"args->ret", Site::Any, false, "args->ret > 0"};
    r.measures[Measure::Bytes] = bytes;
    r.details = {Detail{"BYTES", bytes}};
    if (ctx.catalog.kernel().btf) {
      Expr port{"bswap(((struct sock *)args->sk)->__sk_common.skc_dport)", Site::Any};
      r.keys[Key::Port] = port;
      r.port_filter = r.remote_port_filter = port.text + " == {}";
      r.details.push_back(Detail{"DPORT", port});
    }
    return r;
  }
  if (auto ok = use_syscalls(ctx, r, {"sendto", "sendmsg", "sendmmsg"}); !ok) return tl::unexpected(ok.error());
  r.begin.clear();
  r.paired_syscalls = false;
  Expr bytes{"args->ret", Site::End, false, "args->ret > 0"};
  r.measures[Measure::Bytes] = bytes;
  r.details = {Detail{"BYTES", bytes}};
  r.notes.push_back("no sock:sock_send_length tracepoint: counting sendto/sendmsg on all sockets, not only UDP");
  return r;
}

}  // namespace

Result<Recipe> net_recipe(const RecipeContext& ctx) {
  switch (ctx.spec.event) {
    case EventKind::TcpConnect: return connect_recipe(ctx);
    case EventKind::TcpAccept: return accept_recipe(ctx);
    case EventKind::TcpState: return state_recipe(ctx);
    case EventKind::TcpRetransmit: return retransmit_recipe(ctx);
    case EventKind::UdpSend: return udp_recipe(ctx);
    default: return fail("not a network event");
  }
}

}  // namespace gpttrace::codegen
