/** CORS rules per bucket (spec/oss-api.md §5). */
export const MAX_CORS_RULES = 10;

/** The methods an AllowedMethod may name. */
export const CORS_METHODS = ['GET', 'PUT', 'DELETE', 'POST', 'HEAD'] as const;

/** CORS configuration (PutBucketCors / GetBucketCors); `CORSConfiguration/CORSRule` → `rules`. */
export interface CorsConfiguration {
  rules: CorsRule[];
  responseVary?: boolean;
}

export interface CorsRule {
  allowedOrigin: string[];
  allowedMethod: string[];
  allowedHeader?: string[];
  exposeHeader?: string[];
  maxAgeSeconds?: number;
}
