/** The parts of OpenAPI 3.1 that mock-idp's own API document uses (see `openapi.ts`). */

/** A JSON Schema (draft 2020-12, the dialect OpenAPI 3.1 uses). */
export type JsonSchema = { [keyword: string]: unknown };

export interface Reference {
  $ref: string;
}

export interface MediaType {
  schema: JsonSchema;
  example?: unknown;
}

export type Content = Record<string, MediaType>;

export interface ResponseObject {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  content?: Content;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; description?: string; content: Content };
  responses: Record<string, ResponseObject | Reference>;
  /** `[]` for the operations open whatever the admin token. */
  security?: Record<string, string[]>[];
}

export type HttpMethod = 'get' | 'put' | 'post' | 'delete';

export type PathItem = Partial<Record<HttpMethod, Operation>>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: {
    title: string;
    version: string;
    description: string;
    license?: { name: string; identifier: string };
  };
  jsonSchemaDialect: string;
  servers: { url: string; description?: string }[];
  tags: { name: string; description: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, ResponseObject>;
    securitySchemes: Record<
      string,
      { type: 'http'; scheme: 'bearer'; bearerFormat?: string; description: string }
    >;
  };
}
