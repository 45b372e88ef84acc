// Errors thrown to JS. System call failures carry Node's shape for system errors
// (`code: 'EPERM'`, `errno`, `syscall`), so the TS layer and users can branch on `code`.
#ifndef NATIVE_NET_ERRORS_H_
#define NATIVE_NET_ERRORS_H_

#include <napi.h>

namespace native_net {

// An Error for a failed system call; `err` is a positive errno value.
Napi::Error ErrnoError(Napi::Env env, int err, const char* syscall);

// Throws a TypeError with code ERR_INVALID_ARG_TYPE; the TS layer validates first, so this
// only fires when the addon is called directly with the wrong shapes.
[[noreturn]] void ThrowArgError(Napi::Env env, const char* message);

// Argument readers that throw ThrowArgError on a mismatch.
int32_t ArgInt(const Napi::CallbackInfo& info, size_t index, const char* what);
std::string ArgString(const Napi::CallbackInfo& info, size_t index, const char* what);

}  // namespace native_net

#endif  // NATIVE_NET_ERRORS_H_
