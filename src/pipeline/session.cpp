// What a session can do on this machine.
#include "pipeline/session.h"

#include "kernel/catalog.h"
#include "pipeline/environment.h"

namespace gpttrace {

bool Session::can_compile() const {
  return catalog.bpftrace().found && require_tracing_privileges().has_value();
}

}  // namespace gpttrace
