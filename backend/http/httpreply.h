#pragma once

#include <memory>

struct HttpResponse;

// The way a handler answers. Cheap to copy, so asynchronous handlers can capture it in continuations; the
// first send() wins. If every copy is dropped without a reply, the client still gets a 500 instead of a
// hanging connection.
class HttpReply
{
public:
    struct State;
    explicit HttpReply(std::shared_ptr<State> state);

    void send(const HttpResponse &response) const;
    bool isSent() const;
    // False once the client has gone away; long operations may stop early.
    bool isConnected() const;
    // This answer is held back on purpose until something changes (a blocking query, a watch, a stream):
    // it still counts as a request, but its duration never enters latency figures. Call before send().
    void markLongPoll() const;

private:
    std::shared_ptr<State> m_state;
};
