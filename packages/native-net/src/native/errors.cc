#include "errors.h"

#include <string.h>
#include <uv.h>

#include <string>

namespace native_net {

Napi::Error ErrnoError(Napi::Env env, int err, const char* syscall) {
  // libuv's error codes are the negated errno values on Unix, so uv_err_name gives the same
  // names Node uses for its own system errors.
  const char* name = uv_err_name(-err);
  std::string message = std::string("native-net: ") + syscall + ": " + strerror(err);
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, name));
  error.Set("errno", Napi::Number::New(env, err));
  error.Set("syscall", Napi::String::New(env, syscall));
  return error;
}

void ThrowArgError(Napi::Env env, const char* message) {
  Napi::TypeError error = Napi::TypeError::New(env, std::string("native-net: ") + message);
  error.Set("code", Napi::String::New(env, "ERR_INVALID_ARG_TYPE"));
  throw error;
}

int32_t ArgInt(const Napi::CallbackInfo& info, size_t index, const char* what) {
  if (!info[index].IsNumber()) ThrowArgError(info.Env(), what);
  return info[index].As<Napi::Number>().Int32Value();
}

std::string ArgString(const Napi::CallbackInfo& info, size_t index, const char* what) {
  if (!info[index].IsString()) ThrowArgError(info.Env(), what);
  return info[index].As<Napi::String>().Utf8Value();
}

}  // namespace native_net
