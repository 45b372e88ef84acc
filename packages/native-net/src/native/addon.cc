#include "addon.h"

// NODE_API_MODULE pastes the name into an identifier, so it must be unqualified.
static Napi::Object InitNativeNet(Napi::Env env, Napi::Object exports) {
  native_net::InitTcpSocket(env, exports);
  native_net::InitTcpConnect(env, exports);
  native_net::InitTcpOptions(env, exports);
  native_net::InitPacketSocket(env, exports);
  return exports;
}

NODE_API_MODULE(native_net, InitNativeNet)
