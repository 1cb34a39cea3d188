// The SDK's declarations name the DOM's HeadersInit, which neither lib es2020 nor @types/node 20
// declare; this is the type Node's own Headers constructor takes.
type HeadersInit = ConstructorParameters<typeof Headers>[0];
