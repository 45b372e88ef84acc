// Non-blocking connect() whose completion is awaited on Node's own event loop: a uv_poll
// watches the fd for writability, then SO_ERROR says how the handshake ended. No thread is
// parked per connection, which matters because a peer that drops our SYNs (wrong TCP-MD5 key,
// GTSM) keeps a connect pending until the caller's timeout.
//
// JS: const req = new ConnectRequest(fd, address, port, (err) => ...); req.cancel();
// The callback runs once, with null or an errno Error; never after cancel(). The fd stays the
// caller's: it is closed here in no case.
#include <errno.h>
#include <sys/socket.h>
#include <uv.h>

#include <memory>

#include "addon.h"
#include "errors.h"
#include "sockaddr.h"

namespace native_net {

namespace {

class ConnectRequest : public Napi::ObjectWrap<ConnectRequest> {
 public:
  static void Init(Napi::Env env, Napi::Object exports) {
    Napi::Function ctor = DefineClass(env, "ConnectRequest",
                                      {InstanceMethod("cancel", &ConnectRequest::Cancel)});
    exports.Set("ConnectRequest", ctor);
  }

  explicit ConnectRequest(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ConnectRequest>(info) {
    Napi::Env env = info.Env();
    fd_ = ArgInt(info, 0, "ConnectRequest(fd, address, port, callback): fd must be a number");
    std::string address = ArgString(info, 1, "ConnectRequest: address must be a string");
    int port = ArgInt(info, 2, "ConnectRequest: port must be a number");
    if (port < 1 || port > 65535) ThrowArgError(env, "ConnectRequest: port must be 1..65535");
    if (!info[3].IsFunction()) ThrowArgError(env, "ConnectRequest: callback must be a function");

    int family = SocketFamily(fd_);
    if (family < 0) throw ErrnoError(env, -family, "getsockopt(SO_DOMAIN)");
    sockaddr_storage addr;
    socklen_t length = 0;
    int err = ToSockaddr(address, static_cast<uint16_t>(port), family, &addr, &length);
    if (err != 0) throw ErrnoError(env, err, "connect");
    // EINPROGRESS is the normal answer of a non-blocking connect; after EINTR the connect
    // also goes on in the background (POSIX), so both mean "wait for writability".
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), length) != 0 && errno != EINPROGRESS &&
        errno != EINTR) {
      throw ErrnoError(env, errno, "connect");
    }

    uv_loop_t* loop = nullptr;
    if (napi_get_uv_event_loop(env, &loop) != napi_ok) throw Napi::Error::New(env, "native-net: no event loop");
    poll_ = new uv_poll_t;
    int rc = uv_poll_init(loop, poll_, fd_);
    if (rc == 0) {
      poll_->data = this;
      rc = uv_poll_start(poll_, UV_WRITABLE, OnPoll);
      if (rc != 0) uv_close(reinterpret_cast<uv_handle_t*>(poll_), OnClose);
    } else {
      delete poll_;
    }
    if (rc != 0) {
      poll_ = nullptr;
      throw ErrnoError(env, -rc, "uv_poll_start");
    }

    env_ = env;
    callback_ = Napi::Persistent(info[3].As<Napi::Function>());
    context_ = std::make_unique<Napi::AsyncContext>(env, "native-net:connect");
    napi_add_env_cleanup_hook(env, OnEnvCleanup, this);
    Ref();  // alive while the poll is, even if JS drops the request object
  }

 private:
  Napi::Value Cancel(const Napi::CallbackInfo& info) {
    Finish(0, false);
    return info.Env().Undefined();
  }

  static void OnPoll(uv_poll_t* handle, int status, int /*events*/) {
    auto* self = static_cast<ConnectRequest*>(handle->data);
    // SO_ERROR first: libuv reports a refused or reset connect (POLLERR) as status UV_EBADF,
    // while the socket itself holds the real reason (ECONNREFUSED, EHOSTUNREACH, ...).
    int err = 0;
    socklen_t length = sizeof(err);
    if (getsockopt(self->fd_, SOL_SOCKET, SO_ERROR, &err, &length) != 0) err = errno;
    if (err == 0 && status < 0) err = -status;  // libuv codes are negated errno values on Unix
    self->Finish(err, true);
  }

  static void OnClose(uv_handle_t* handle) { delete reinterpret_cast<uv_poll_t*>(handle); }

  // A worker thread or the process exiting with a connect still pending.
  static void OnEnvCleanup(void* arg) { static_cast<ConnectRequest*>(arg)->Finish(ECANCELED, false); }

  void Finish(int err, bool notify) {
    if (finished_) return;
    finished_ = true;
    // Stop and close the poll before JS sees the result: uv_close drops the fd from epoll
    // at once, before `new net.Socket({ fd })` registers the same fd with its own watcher.
    uv_poll_stop(poll_);
    uv_close(reinterpret_cast<uv_handle_t*>(poll_), OnClose);
    poll_ = nullptr;
    napi_remove_env_cleanup_hook(env_, OnEnvCleanup, this);
    if (notify) {
      Napi::Env env(env_);
      Napi::HandleScope scope(env);
      napi_value arg = err == 0 ? env.Null() : ErrnoError(env, err, "connect").Value();
      try {
        callback_.MakeCallback(Value(), {arg}, *context_);
      } catch (const Napi::Error& e) {
        // No JS frame is below a uv callback: report it as Node does for its own callbacks.
        napi_fatal_exception(env_, e.Value());
      }
    }
    callback_.Reset();
    context_.reset();
    Unref();
  }

  int fd_ = -1;
  napi_env env_ = nullptr;
  uv_poll_t* poll_ = nullptr;
  Napi::FunctionReference callback_;
  std::unique_ptr<Napi::AsyncContext> context_;
  bool finished_ = false;
};

}  // namespace

void InitTcpConnect(Napi::Env env, Napi::Object exports) { ConnectRequest::Init(env, exports); }

}  // namespace native_net
