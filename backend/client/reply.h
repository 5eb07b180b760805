#pragma once

#include "servicecall.h"

#include <utility>

// A call's outcome with its answer decoded: everything a ServiceResult says (status, headers, the instance
// that answered, the transport error) plus value, the body as the type the caller works with. value is
// meaningful when decoded() is true: a 2xx answer, or another status the client's decoder understood (such
// as Consul's 404 for "no keys"). A Reply<T> is a ServiceResult, so callers that only need the status can
// keep taking one.
template <typename T> struct Reply : ServiceResult
{
    T value {};
    bool decoded = false;

    // The client's side of every typed call: decode runs on the answer when it is one it understands.
    template <typename Decode> static Reply from(const ServiceResult &result, Decode &&decode)
    {
        Reply reply;
        static_cast<ServiceResult &>(reply) = result;
        reply.decoded = std::forward<Decode>(decode)(reply, &reply.value);
        return reply;
    }
};
