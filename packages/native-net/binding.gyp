{
  "targets": [
    {
      "target_name": "native_net",
      "sources": [
        "src/native/addon.cc",
        "src/native/errors.cc",
        "src/native/sockaddr.cc",
        "src/native/tcp-socket.cc",
        "src/native/tcp-connect.cc",
        "src/native/tcp-options.cc",
        "src/native/packet-socket.cc"
      ],
      "dependencies": [
        "<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"
      ],
      "defines": ["NAPI_VERSION=8"],
      "cflags_cc": ["-std=c++17", "-Wall", "-Wextra", "-Werror=return-type"]
    }
  ]
}
