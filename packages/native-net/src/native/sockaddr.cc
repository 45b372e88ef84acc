#include "sockaddr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>

namespace native_net {

namespace {

void FillInet(const in_addr& addr, uint16_t port, sockaddr_storage* out, socklen_t* outLength) {
  auto* sin = reinterpret_cast<sockaddr_in*>(out);
  sin->sin_family = AF_INET;
  sin->sin_port = htons(port);
  sin->sin_addr = addr;
  *outLength = sizeof(sockaddr_in);
}

void FillInet6(const in6_addr& addr, uint32_t scopeId, uint16_t port, sockaddr_storage* out,
               socklen_t* outLength) {
  auto* sin6 = reinterpret_cast<sockaddr_in6*>(out);
  sin6->sin6_family = AF_INET6;
  sin6->sin6_port = htons(port);
  sin6->sin6_addr = addr;
  sin6->sin6_scope_id = scopeId;
  *outLength = sizeof(sockaddr_in6);
}

// "fe80::1%eth0" or "fe80::1%2" -> the address and its interface index.
bool ParseInet6(const std::string& text, in6_addr* addr, uint32_t* scopeId) {
  std::string::size_type percent = text.find('%');
  std::string host = text.substr(0, percent);
  if (inet_pton(AF_INET6, host.c_str(), addr) != 1) return false;
  *scopeId = 0;
  if (percent == std::string::npos) return true;
  std::string zone = text.substr(percent + 1);
  if (zone.empty()) return false;
  *scopeId = if_nametoindex(zone.c_str());
  if (*scopeId == 0) {
    char* end = nullptr;
    unsigned long index = strtoul(zone.c_str(), &end, 10);
    if (*end != '\0' || index == 0 || index > UINT32_MAX) return false;
    *scopeId = static_cast<uint32_t>(index);
  }
  return true;
}

}  // namespace

int ToSockaddr(const std::string& address, uint16_t port, int socketFamily,
               sockaddr_storage* out, socklen_t* outLength) {
  memset(out, 0, sizeof(*out));
  in_addr v4;
  in6_addr v6;
  uint32_t scopeId = 0;
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) {
    if (socketFamily == AF_INET) {
      FillInet(v4, port, out, outLength);
    } else {
      memset(&v6, 0, sizeof(v6));
      v6.s6_addr[10] = 0xff;
      v6.s6_addr[11] = 0xff;
      memcpy(&v6.s6_addr[12], &v4, 4);
      FillInet6(v6, 0, port, out, outLength);
    }
    return 0;
  }
  if (!ParseInet6(address, &v6, &scopeId)) return EINVAL;
  if (socketFamily == AF_INET6) {
    FillInet6(v6, scopeId, port, out, outLength);
    return 0;
  }
  if (!IN6_IS_ADDR_V4MAPPED(&v6)) return EAFNOSUPPORT;
  memcpy(&v4, &v6.s6_addr[12], 4);
  FillInet(v4, port, out, outLength);
  return 0;
}

int SocketFamily(int fd) {
  int family = 0;
  socklen_t length = sizeof(family);
  if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &family, &length) != 0) return -errno;
  return family;
}

}  // namespace native_net
