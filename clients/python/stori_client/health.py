"""The standard gRPC health check (grpc.health.v1.Health/Check; gRPC's doc/health-checking.md)
without a generated health module: Debian ships no grpc_health package, so the two messages
are built at run time from their descriptor, in a private descriptor pool (no clash with a
grpc_health installed later). stori-server reports NOT_SERVING for
"stori.generation.v1.GenerationService" until its model is loaded and warmed.
"""
import functools

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

SERVING = 1
NOT_SERVING = 2
CHECK_METHOD = "/grpc.health.v1.Health/Check"


@functools.lru_cache(maxsize=None)
def messages():
    """Returns (HealthCheckRequest, HealthCheckResponse) classes, the schema of
    grpc/health/v1/health.proto: request {string service = 1}, response {ServingStatus status
    = 1} with UNKNOWN 0, SERVING 1, NOT_SERVING 2, SERVICE_UNKNOWN 3.
    Thread safety: thread-safe."""
    f = descriptor_pb2.FileDescriptorProto(name="stori_client/grpc_health_v1.proto",
                                           package="grpc.health.v1", syntax="proto3")
    request = f.message_type.add(name="HealthCheckRequest")
    request.field.add(name="service", number=1,
                      label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL,
                      type=descriptor_pb2.FieldDescriptorProto.TYPE_STRING)
    response = f.message_type.add(name="HealthCheckResponse")
    status = response.enum_type.add(name="ServingStatus")
    for number, name in enumerate(("UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN")):
        status.value.add(name=name, number=number)
    response.field.add(name="status", number=1,
                       label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL,
                       type=descriptor_pb2.FieldDescriptorProto.TYPE_ENUM,
                       type_name=".grpc.health.v1.HealthCheckResponse.ServingStatus")
    pool = descriptor_pool.DescriptorPool()
    pool.Add(f)
    # protobuf >= 4.22 has GetMessageClass; 4.21 (Debian bookworm) only GetPrototype.
    make = getattr(message_factory, "GetMessageClass", None) or \
        message_factory.MessageFactory(pool).GetPrototype
    return tuple(make(pool.FindMessageTypeByName("grpc.health.v1." + name))
                 for name in ("HealthCheckRequest", "HealthCheckResponse"))


def check(channel, service: str, timeout_s: float) -> int:
    """Returns the serving status (SERVING 1, NOT_SERVING 2, ...) the server reports for
    `service` ("" for the whole server).

    Errors: grpc.RpcError as the call raises it (UNAVAILABLE while nothing listens, NOT_FOUND for
    a service the server does not know, DEADLINE_EXCEEDED after timeout_s seconds).
    Thread safety: thread-safe.
    """
    request_class, response_class = messages()
    call = channel.unary_unary(CHECK_METHOD, request_serializer=request_class.SerializeToString,
                               response_deserializer=response_class.FromString)
    return int(call(request_class(service=service), timeout=timeout_s).status)
