// The few WebAssembly globals the row scanner uses. TypeScript ships them only in lib.dom and
// @types/node 20 does not declare them.
declare namespace WebAssembly {
	class Module {
		constructor(bytes: Uint8Array);
	}
	class Instance {
		constructor(module: Module, imports?: Record<string, unknown>);
		readonly exports: Record<string, unknown>;
	}
	class Memory {
		readonly buffer: ArrayBuffer;
		grow(pages: number): number;
	}
	class Global {
		value: unknown;
	}
}
