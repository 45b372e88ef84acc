// A TCP socket made here rather than by libuv, so options that only take effect before
// connect() (TCP_MD5SIG: the SYN must already be signed) can be set first. Once connected, the
// fd is handed to `new net.Socket({ fd })`, which owns and closes it from then on.
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addon.h"
#include "errors.h"
#include "sockaddr.h"

namespace native_net {

namespace {

// createTcpSocket(family: 4 | 6): number. Non-blocking because libuv expects that of the fds
// it adopts, and close-on-exec so that a child process never inherits a BGP session.
Napi::Value CreateTcpSocket(const Napi::CallbackInfo& info) {
  int version = ArgInt(info, 0, "createTcpSocket(family): family must be 4 or 6");
  if (version != 4 && version != 6) {
    ThrowArgError(info.Env(), "createTcpSocket(family): family must be 4 or 6");
  }
  int domain = version == 4 ? AF_INET : AF_INET6;
  int fd = socket(domain, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
  if (fd < 0) throw ErrnoError(info.Env(), errno, "socket");
  return Napi::Number::New(info.Env(), fd);
}

// bindSocket(fd, address, port): void, with SO_REUSEADDR so that a BGP speaker restarting
// on a fixed local port does not wait out TIME_WAIT.
Napi::Value BindSocket(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0, "bindSocket(fd, address, port): fd must be a number");
  std::string address = ArgString(info, 1, "bindSocket(fd, address, port): address must be a string");
  int port = ArgInt(info, 2, "bindSocket(fd, address, port): port must be a number");
  if (port < 0 || port > 65535) ThrowArgError(env, "bindSocket: port must be 0..65535");
  int family = SocketFamily(fd);
  if (family < 0) throw ErrnoError(env, -family, "getsockopt(SO_DOMAIN)");
  sockaddr_storage addr;
  socklen_t length = 0;
  int err = ToSockaddr(address, static_cast<uint16_t>(port), family, &addr, &length);
  if (err != 0) throw ErrnoError(env, err, "bind");
  int on = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0) {
    throw ErrnoError(env, errno, "setsockopt(SO_REUSEADDR)");
  }
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), length) != 0) {
    throw ErrnoError(env, errno, "bind");
  }
  return env.Undefined();
}

// closeSocket(fd): void. Only for fds that were never handed to a net.Socket.
Napi::Value CloseSocket(const Napi::CallbackInfo& info) {
  int fd = ArgInt(info, 0, "closeSocket(fd): fd must be a number");
  // Linux releases the fd even when close() reports EINTR, so there is nothing to retry.
  if (close(fd) != 0 && errno != EINTR) throw ErrnoError(info.Env(), errno, "close");
  return info.Env().Undefined();
}

}  // namespace

void InitTcpSocket(Napi::Env env, Napi::Object exports) {
  exports.Set("createTcpSocket", Napi::Function::New(env, CreateTcpSocket, "createTcpSocket"));
  exports.Set("bindSocket", Napi::Function::New(env, BindSocket, "bindSocket"));
  exports.Set("closeSocket", Napi::Function::New(env, CloseSocket, "closeSocket"));
}

}  // namespace native_net
