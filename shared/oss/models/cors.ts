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
