// Socket options for BGP transport security that libuv does not expose:
//   TCP_MD5SIG / TCP_MD5SIG_EXT  RFC 2385 TCP MD5 signatures, per peer address or prefix
//   IP_MINTTL / IPV6_MINHOPCOUNT RFC 5082 GTSM: drop segments that arrive with a lower TTL
//   IP_TTL / IPV6_UNICAST_HOPS   the TTL we send with (255 for GTSM peers)
// On an AF_INET6 socket the IPv4 option is set as well: a dual-stack socket (Node's server on
// `::`) carries IPv4 peers as v4-mapped, and the kernel takes their TTL checks from the IPv4
// option.
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#include "addon.h"
#include "errors.h"
#include "sockaddr.h"

#ifndef TCP_MD5SIG_EXT
#define TCP_MD5SIG_EXT 32
#endif
#ifndef TCP_MD5SIG_FLAG_PREFIX
#define TCP_MD5SIG_FLAG_PREFIX 1
#endif
#ifndef IP_MINTTL
#define IP_MINTTL 21
#endif
#ifndef IPV6_MINHOPCOUNT
#define IPV6_MINHOPCOUNT 73
#endif

namespace native_net {

namespace {

int FamilyOf(Napi::Env env, int fd) {
  int family = SocketFamily(fd);
  if (family < 0) throw ErrnoError(env, -family, "getsockopt(SO_DOMAIN)");
  if (family != AF_INET && family != AF_INET6) throw ErrnoError(env, EAFNOSUPPORT, "socket family");
  return family;
}

void SetInt(Napi::Env env, int fd, int level, int name, int value, const char* what) {
  if (setsockopt(fd, level, name, &value, sizeof(value)) != 0) throw ErrnoError(env, errno, what);
}

int GetInt(Napi::Env env, int fd, int level, int name, const char* what) {
  int value = 0;
  socklen_t length = sizeof(value);
  if (getsockopt(fd, level, name, &value, &length) != 0) throw ErrnoError(env, errno, what);
  return value;
}

// setMd5Sig(fd, address, key: Uint8Array | null, prefixLength: number): void.
// A null key removes the peer's key (removing one that is not there is not an error).
// prefixLength < 0 means "this one address" (plain TCP_MD5SIG); otherwise TCP_MD5SIG_EXT with
// TCP_MD5SIG_FLAG_PREFIX, and the kernel takes at most 32 for IPv4 (also v4-mapped), 128 for
// IPv6. Removal must name the same prefix the key was added with.
Napi::Value SetMd5Sig(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0, "setMd5Sig: fd must be a number");
  std::string address = ArgString(info, 1, "setMd5Sig: address must be a string");
  bool hasKey = !info[2].IsNull() && !info[2].IsUndefined();
  if (hasKey && !info[2].IsTypedArray()) ThrowArgError(env, "setMd5Sig: key must be a Uint8Array or null");
  int prefixLength = ArgInt(info, 3, "setMd5Sig: prefixLength must be a number");

  tcp_md5sig sig;
  memset(&sig, 0, sizeof(sig));
  socklen_t addrLength = 0;
  int err = ToSockaddr(address, 0, FamilyOf(env, fd), &sig.tcpm_addr, &addrLength);
  if (err != 0) throw ErrnoError(env, err, "setsockopt(TCP_MD5SIG)");
  if (hasKey) {
    Napi::Uint8Array key = info[2].As<Napi::Uint8Array>();
    // RFC 2385 sets no limit; the kernel's is TCP_MD5SIG_MAXKEYLEN (80 bytes).
    if (key.ByteLength() == 0 || key.ByteLength() > TCP_MD5SIG_MAXKEYLEN) {
      throw ErrnoError(env, EINVAL, "setsockopt(TCP_MD5SIG): key must be 1..80 bytes");
    }
    sig.tcpm_keylen = static_cast<uint16_t>(key.ByteLength());
    memcpy(sig.tcpm_key, key.Data(), key.ByteLength());
  }
  int optname = TCP_MD5SIG;
  if (prefixLength >= 0) {
    if (prefixLength > 128) throw ErrnoError(env, EINVAL, "setsockopt(TCP_MD5SIG_EXT)");
    optname = TCP_MD5SIG_EXT;
    sig.tcpm_flags = TCP_MD5SIG_FLAG_PREFIX;
    sig.tcpm_prefixlen = static_cast<uint8_t>(prefixLength);
  }
  if (setsockopt(fd, IPPROTO_TCP, optname, &sig, sizeof(sig)) != 0) {
    int e = errno;
    if (!hasKey && e == ENOENT) return env.Undefined();
    throw ErrnoError(env, e, optname == TCP_MD5SIG ? "setsockopt(TCP_MD5SIG)" : "setsockopt(TCP_MD5SIG_EXT)");
  }
  return env.Undefined();
}

int TtlArg(const Napi::CallbackInfo& info, int min, const char* what) {
  int value = ArgInt(info, 1, what);
  if (value < min || value > 255) ThrowArgError(info.Env(), what);
  return value;
}

// setMinTtl(fd, minTtl: 0..255): void. RFC 5082 §3: a GTSM speaker drops packets whose TTL is
// below 255 - hops; 0 turns the check off.
Napi::Value SetMinTtl(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0, "setMinTtl: fd must be a number");
  int minTtl = TtlArg(info, 0, "setMinTtl: minTtl must be 0..255");
  if (FamilyOf(env, fd) == AF_INET6) {
    SetInt(env, fd, IPPROTO_IPV6, IPV6_MINHOPCOUNT, minTtl, "setsockopt(IPV6_MINHOPCOUNT)");
  }
  SetInt(env, fd, IPPROTO_IP, IP_MINTTL, minTtl, "setsockopt(IP_MINTTL)");
  return env.Undefined();
}

// setTtl(fd, ttl: 1..255): void. RFC 5082 §3: a GTSM speaker sends with TTL 255.
Napi::Value SetTtl(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0, "setTtl: fd must be a number");
  int ttl = TtlArg(info, 1, "setTtl: ttl must be 1..255");
  if (FamilyOf(env, fd) == AF_INET6) {
    SetInt(env, fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, ttl, "setsockopt(IPV6_UNICAST_HOPS)");
  }
  SetInt(env, fd, IPPROTO_IP, IP_TTL, ttl, "setsockopt(IP_TTL)");
  return env.Undefined();
}

// getMinTtl(fd) / getTtl(fd): number, the value for the socket's own family.
Napi::Value GetMinTtl(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0, "getMinTtl: fd must be a number");
  int value = FamilyOf(env, fd) == AF_INET6
                  ? GetInt(env, fd, IPPROTO_IPV6, IPV6_MINHOPCOUNT, "getsockopt(IPV6_MINHOPCOUNT)")
                  : GetInt(env, fd, IPPROTO_IP, IP_MINTTL, "getsockopt(IP_MINTTL)");
  return Napi::Number::New(env, value);
}

Napi::Value GetTtl(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0, "getTtl: fd must be a number");
  int value = FamilyOf(env, fd) == AF_INET6
                  ? GetInt(env, fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, "getsockopt(IPV6_UNICAST_HOPS)")
                  : GetInt(env, fd, IPPROTO_IP, IP_TTL, "getsockopt(IP_TTL)");
  return Napi::Number::New(env, value);
}

}  // namespace

void InitTcpOptions(Napi::Env env, Napi::Object exports) {
  exports.Set("setMd5Sig", Napi::Function::New(env, SetMd5Sig, "setMd5Sig"));
  exports.Set("setMinTtl", Napi::Function::New(env, SetMinTtl, "setMinTtl"));
  exports.Set("setTtl", Napi::Function::New(env, SetTtl, "setTtl"));
  exports.Set("getMinTtl", Napi::Function::New(env, GetMinTtl, "getMinTtl"));
  exports.Set("getTtl", Napi::Function::New(env, GetTtl, "getTtl"));
}

}  // namespace native_net
