#include "httpreply.h"

#include "httpreplystate.h"
#include "httpresponse.h"
#include "httpserver.h"

HttpReply::State::~State()
{
    if (!sent && server && socket)
        server->writeReply(*this,
            HttpResponse::error(
                500, QStringLiteral("no_reply"), QStringLiteral("the handler finished without replying")));
}

HttpReply::HttpReply(std::shared_ptr<State> state)
    : m_state(std::move(state))
{ }

void HttpReply::send(const HttpResponse &response) const
{
    if (m_state->sent)
        return;
    m_state->sent = true;
    if (m_state->server && m_state->socket)
        m_state->server->writeReply(*m_state, response);
}

bool HttpReply::isSent() const
{
    return m_state->sent;
}

bool HttpReply::isConnected() const
{
    return m_state->socket && m_state->socket->state() == QAbstractSocket::ConnectedState;
}

void HttpReply::markLongPoll() const
{
    m_state->longPoll = true;
}
